import { useTranslation } from 'react-i18next';
import type { Classification, MeetingStatus } from '../../../shared/entities';

export function StatusBadge({ status }: { status: MeetingStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`badge status-${status}`} data-testid="meeting-status" data-status={status}>
      {t(`status.${status}`)}
    </span>
  );
}

export function ClassificationBadge({ classification }: { classification: Classification }) {
  const { t } = useTranslation();
  return (
    <span className={`badge class-${classification}`} data-testid="document-classification" data-classification={classification}>
      {t(`classification.${classification}`)}
    </span>
  );
}
