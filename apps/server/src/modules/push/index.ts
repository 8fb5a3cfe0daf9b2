// The push module's public entry (issue 21, Web Push): what the app's wiring may use.
export { checkEndpoint, isRefusedAddress, systemResolver, type Resolver } from './endpoint-policy.js';
export { PushDeliveries } from './push-deliveries.js';
export { PushDirectoryRepository } from './push-directory.repository.js';
export {
  allowAll,
  PushNotifier,
  type PushNotifierDependencies,
  type PushPolicy,
  type PushPolicyEvent,
} from './push.notifier.js';
export { PushRepository } from './push.repository.js';
export { pushRoutes } from './push.routes.js';
export {
  vapidSubject,
  WebPushSender,
  type PushMessage,
  type PushOutcome,
  type PushSender,
  type PushTarget,
} from './push-sender.js';
export { MAX_SUBSCRIPTIONS_PER_PERSON, PushService } from './push.service.js';
export { englishPushTexts, PUSH_TEXTS_EN, type PushTextKey, type PushTexts } from './push.texts.js';
export { generateVapidKeys, VapidKeys, type VapidKeyPair } from './vapid-keys.js';
