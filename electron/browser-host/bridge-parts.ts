/**
 * What the host needs only once the page talks to the services (bridge calls, events, uploads):
 * loaded after it listens, so the launch URL does not wait for the message schemas (zod).
 */
export { DEFAULT_MAX_UPLOAD_BYTES } from '../../shared/api';
export { BridgeEvents } from '../../shared/bridge';
export { UploadFileName } from '../../shared/secretariat-bridge';
export { checkBridgeInput } from '../services/bridge-dispatch';
export { asHostedServices } from '../services-process/hosted-services';
export { openIncomingFiles } from '../services-process/incoming-files';
