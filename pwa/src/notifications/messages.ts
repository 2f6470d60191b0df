// Names shared by the service worker and the page.

/** Background Sync tag under which the worker pushes the queue once a connection is back. */
export const SYNC_TAG = 'fehrist-push-queue';
/** Worker to page: an edit was queued (a notification action), so sync now. */
export const MESSAGE_SYNC = 'fehrist:sync';
/** Worker to page: the user tapped a notification; `taskId` names the task to open. */
export const MESSAGE_OPEN_TASK = 'fehrist:open-task';
