/** Small pieces shared by the written-opinion screens. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpinionRequestView } from '../../../shared/written-opinions-bridge';

/** "Còn 3 ngày 4 giờ", refreshed every minute; "Đã hết hạn" after the deadline. */
export function Countdown({ deadline }: { deadline: string }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  const left = Date.parse(deadline) - now;
  if (left <= 0) return <span data-testid="opinion-countdown">{t('writtenOpinions.expired')}</span>;
  const hours = Math.floor(left / 3_600_000);
  const text =
    hours >= 24
      ? t('writtenOpinions.remaining', { days: Math.floor(hours / 24), hours: hours % 24 })
      : t('writtenOpinions.remainingHours', { hours, minutes: Math.floor((left % 3_600_000) / 60_000) });
  return <span data-testid="opinion-countdown">{text}</span>;
}

/** What became of this user's answer: not yet, waiting to sync, delivered, refused. */
export function MyState({ view }: { view: OpinionRequestView }) {
  const { t } = useTranslation();
  const s = view.mine.state;
  return (
    <p className={`opinion-state opinion-state-${s}`} data-testid="opinion-my-state" data-state={s}>
      {t(`writtenOpinions.mine.${s}`)}
      {view.mine.answer && s !== 'none' && <> — {t(`writtenOpinions.answer.${view.mine.answer}`)}</>}
    </p>
  );
}
