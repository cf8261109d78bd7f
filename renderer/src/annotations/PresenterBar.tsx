/**
 * Follow the presenter: the chair or a presenter shows the page he is on to the meeting; the
 * others' readers jump with him (to another document too) until they detach, and rejoin with
 * one click. The state travels as the meeting's `presentation` row (poke + pull).
 */
import { touchesKinds } from '../../../shared/rules/cache-changes';
import { useEffect, useEffectEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PresentationView } from '../../../shared/annotations-bridge';
import { invoke } from '../bridge';
import { useBridgeData } from '../hooks';
import { hrefFor, navigate } from '../router';

/** Following is remembered per meeting for this tab (it survives moving to another document). */
const followKey = (meetingId: string) => `ecabinet.follow.${meetingId}`;
const isFollowing = (meetingId: string) => sessionStorage.getItem(followKey(meetingId)) !== 'detached';

export function PresenterBar({ meetingId, documentId, page, me, onFollow }: { meetingId: string; documentId: string; page: number; me: string | null; onFollow: (page: number) => void }) {
  const { t } = useTranslation();
  const { data } = useBridgeData<PresentationView>(
    () => invoke('presentation.get', { meetingId }),
    [meetingId],
    (c) => touchesKinds(c, ['presentation', 'meeting']),
  );
  const [following, setFollowing] = useState(() => isFollowing(meetingId));
  const p = data?.presentation ?? null;
  const live = p && p.documentId ? p : null;
  const presentingMyself = !!live && live.presenterId === me;

  // The presenter: every page he turns to is shown to the meeting (a little after he stops).
  const lastSent = useRef<string | null>(null);
  useEffect(() => {
    if (!presentingMyself || !live) return;
    if (live.documentId === documentId && live.page === page) return;
    const key = `${documentId}:${page}`;
    const timer = window.setTimeout(() => {
      if (lastSent.current === key) return;
      lastSent.current = key;
      invoke('presentation.set', { meetingId, documentId, page }).catch((e: unknown) => console.warn('presenting failed', e));
    }, 250);
    return () => window.clearTimeout(timer);
  }, [presentingMyself, live, documentId, page, meetingId]);

  // A follower: jump with the presenter.
  // Compared by its fields: `live` itself is a new object on every load. A new updatedAt (the
  // presenter shows the same page again) jumps again.
  const liveDocumentId = live?.documentId ?? null;
  const livePage = live?.page ?? 1;
  const liveUpdatedAt = live?.updatedAt;
  const follow = useEffectEvent((page: number) => onFollow(page));
  useEffect(() => {
    if (!liveDocumentId || presentingMyself || !following) return;
    if (liveDocumentId !== documentId) navigate(hrefFor.document(liveDocumentId, { page: livePage }));
    else follow(livePage);
  }, [liveDocumentId, livePage, liveUpdatedAt, presentingMyself, following, documentId]);

  const setFollow = (on: boolean) => {
    sessionStorage.setItem(followKey(meetingId), on ? 'following' : 'detached');
    setFollowing(on);
  };

  if (!data) return null;
  if (!live && !data.canPresent) return null;
  return (
    <div className="presenter-bar" role="status" data-testid="presenter-bar">
      {presentingMyself ? (
        <>
          <span data-testid="presenting">{t('annotations.present.presenting', { page })}</span>
          <button type="button" className="btn" data-testid="present-stop" onClick={() => invoke('presentation.set', { meetingId, documentId: null, page: 1 }).catch(() => undefined)}>
            {t('annotations.present.stop')}
          </button>
        </>
      ) : live ? (
        <>
          <span data-testid="presenter-live">
            {live.documentId === documentId
              ? t('annotations.present.live', { name: data.presenterName ?? '', page: live.page })
              : t('annotations.present.liveOther', { name: data.presenterName ?? '', page: live.page })}
          </span>
          {following ? (
            <button type="button" className="btn" data-testid="follow-detach" onClick={() => setFollow(false)}>
              {t('annotations.present.detach')}
            </button>
          ) : (
            <button type="button" className="btn btn-primary" data-testid="follow-rejoin" onClick={() => setFollow(true)}>
              {t('annotations.present.rejoin')}
            </button>
          )}
          {following && <span className="muted">{t('annotations.present.following')}</span>}
        </>
      ) : null}
      {data.canPresent && !presentingMyself && (
        <button type="button" className="btn" data-testid="present-start" onClick={() => invoke('presentation.set', { meetingId, documentId, page }).catch((e: unknown) => console.warn('presenting failed', e))}>
          {t('annotations.present.start')}
        </button>
      )}
    </div>
  );
}
