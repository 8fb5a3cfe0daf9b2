// The notifications module's public entry: what the app's wiring (and the push module, through it) may use.
export { inSchedule, isDndActive, wallClock, type DndState } from './dnd.js';
export { allowsNotification, NotificationPolicy, type NotificationEvent } from './notification-policy.js';
export { DigestRepository } from './digest.repository.js';
export { DigestNotifier } from './digest.service.js';
export { MissedCallRepository } from './missed-call.repository.js';
export { MissedCallNotifier } from './missed-call.service.js';
export { subscribeNotificationEvents, type NotificationEventHandlers } from './notifications.events.js';
export { NotificationsRepository } from './notifications.repository.js';
export { notificationsRoutes } from './notifications.routes.js';
export { NotificationsService } from './notifications.service.js';
export { unsubscribeRoutes } from './unsubscribe.routes.js';
