/** When a document leaves (or left) this device under the organisation's retention policy. */
import { useTranslation } from 'react-i18next';
import type { DocumentRetention } from '../../../shared/rules/retention';
import { formatDate } from '../format';
import { currentLocale } from '../i18n';

export function RetentionNote({ retention }: { retention: DocumentRetention | undefined }) {
  const { t } = useTranslation();
  if (!retention?.removeAt) return null;
  const date = formatDate(retention.removeAt, currentLocale());
  if (!retention.removed)
    return (
      <span className="retention-note" data-testid="document-retention">
        {t('retention.willLeave', { date })}
      </span>
    );
  return (
    <span className="retention-note removed" data-testid="document-retention" data-removed="true">
      {t('retention.removed', { date })}
      {retention.redownload && ` ${t('retention.redownload')}`}
    </span>
  );
}
