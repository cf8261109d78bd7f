/**
 * PKCS#11 libraries run inside the app: the services load only known token drivers or one the
 * user confirmed. When a call is refused for that reason, ask once, record the confirmation,
 * and try again.
 */
import type { TFunction } from 'i18next';
import { invoke, toUiError } from '../bridge';

export async function withModuleConfirmation<T>(t: TFunction, module: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (toUiError(err).code !== 'pkcs11_module_not_allowed' || !window.confirm(t('signing.keys.moduleConfirm', { module }))) throw err;
    await invoke('keys.pkcs11ConfirmModule', { module });
    return run();
  }
}
