import type { Readable } from 'node:stream';
import type { Upload } from '@parley/shared';
import type { UnitOfWork } from '../../db/unit-of-work.js';
import { Errors } from '../../errors.js';
import { presentUpload, type FilesService, type UploadRow } from '../files/index.js';
import { requireMember, requireWritable, type Actor } from './chat.access.js';
import type { ChatRepositories } from './chat.repository.js';

export const fileNotFound = () => Errors.notFound('roomFileNotFound');

/**
 * Files in rooms (issue 20): who may upload into a room (its members, while it is not archived) and
 * who may fetch a file (the members of its room once it is on a message; before, its uploader alone).
 */
export class UploadsService {
  constructor(private readonly deps: { uow: UnitOfWork<ChatRepositories>; files: FilesService }) {}

  async upload(actor: Actor, roomId: string, file: { fileName: string; stream: Readable }): Promise<Upload> {
    try {
      const { room } = await requireMember(this.deps.uow.repos, actor, roomId);
      requireWritable(room);
    } catch (err) {
      file.stream.resume();
      throw err;
    }
    const row = await this.deps.files.store({ ownerId: actor.id, roomId, ...file });
    return presentUpload(row);
  }

  /** Bytes a person's files take (what their quota counts). */
  usage(userId: string): Promise<number> {
    return this.deps.uow.repos.uploads.usage(userId);
  }

  /** The file, if the actor may fetch it; the same 404 as a missing file otherwise. */
  async find(actor: Actor, id: string): Promise<UploadRow> {
    const row = await this.deps.uow.repos.uploads.findById(id);
    if (!row) throw fileNotFound();
    if (row.message_id === null) {
      if (row.owner_id !== actor.id) throw fileNotFound();
      return row;
    }
    await requireMember(this.deps.uow.repos, actor, row.room_id).catch(() => {
      throw fileNotFound();
    });
    return row;
  }
}
