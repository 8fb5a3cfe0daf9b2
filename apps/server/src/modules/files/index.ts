// The files module's public entry (issue 20): chat uses it for uploads and attachments.
export { isInlineType } from './files.media.js';
export { fileUrl, presentAttachment, presentUpload } from './files.presenter.js';
export { FilesService, objectKey, thumbnailKey, type StoreInput } from './files.service.js';
export { FilesSweeper, type FilesSweepResult } from './files.sweeper.js';
export { UploadsRepository, type UploadRow } from './uploads.repository.js';
