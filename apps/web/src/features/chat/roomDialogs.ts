import { lazyPage } from '../../lib/lazyPage';

// What opens only on request (the sidebar's and a room's dialogs, the member list) loads then, with
// its own chunk, not with every signed-in page. Render each inside a <Suspense>.
export const CreateDiscussionDialog = lazyPage(
  () => import('./CreateDiscussionDialog'),
  'CreateDiscussionDialog',
);
export const CreateRoomDialog = lazyPage(() => import('./CreateRoomDialog'), 'CreateRoomDialog');
export const EditRoomDialog = lazyPage(() => import('./EditRoomDialog'), 'EditRoomDialog');
export const DirectoryDialog = lazyPage(() => import('./DirectoryDialog'), 'DirectoryDialog');
export const MemberPanel = lazyPage(() => import('./MemberPanel'), 'MemberPanel');
export const NewDirectDialog = lazyPage(() => import('./NewDirectDialog'), 'NewDirectDialog');
