/**
 * The live meeting screen: the agenda with the current item highlighted (everyone's
 * screen follows the chair), the speaker queue with its timer, the vote panel and results.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../../shared/bridge';
import type { LiveCommand } from '../../../shared/live-meeting';
import { changesMeetingHead } from '../../../shared/rules/meeting-detail';
import { mayChairMeeting } from '../../../shared/rules/meeting-roles';
import type { LiveContext } from './live-context';
import { invoke } from '../bridge';
import { ErrorBox, Loading } from '../components/Feedback';
import { errorMessage, messageText, type UiMessage } from '../components/ui-message';
import { hrefFor } from '../router';
import { CurrentSpeaker, SpeakerPanel } from './SpeakerPanel';
import { useLiveMeeting } from './useLiveMeeting';
import { VotePanel } from './VotePanel';
import { useBridgeData } from '../hooks';
import { roleIn } from '../organisations';
import './live.css';

type ItemChange = Extract<LiveCommand, { type: 'item.next' | 'item.previous' | 'item.goto' }>;

export function LiveMeetingScreen({ meetingId, session }: { meetingId: string; session: SessionInfo }) {
  const { t } = useTranslation();
  const live = useLiveMeeting(meetingId);
  const [message, setMessage] = useState<UiMessage | null>(null);
  const [busy, setBusy] = useState(false);
  const [pendingMove, setPendingMove] = useState<ItemChange | null>(null);
  // His role in the meeting's organisation decides (a secretary elsewhere is a member here).
  const meeting = useBridgeData(() => invoke('meetings.head', { id: meetingId }), [meetingId], (c) => changesMeetingHead(c, meetingId));

  if (live.error) return <div className="page"><ErrorBox error={live.error} /></div>;
  if (!live.state) return <Loading />;
  const state = live.state;
  const me = session.user.id;
  const role = roleIn(session, meeting.data?.meeting.orgId) ?? 'member';
  const isChair = mayChairMeeting({ accountRole: role, userId: me, chairId: state.chairId, seat: state.people.find((p) => p.userId === me)?.role ?? null });
  const present = state.people.filter((p) => state.roll.present.includes(p.userId));

  const run = async (command: LiveCommand) => {
    setBusy(true);
    setMessage(null);
    try {
      live.apply(await invoke('liveMeeting.command', { meetingId, command }));
      return true;
    } catch (e) {
      setMessage(errorMessage(e));
      return false;
    } finally {
      setBusy(false);
    }
  };
  const ctx: LiveContext = { state, me, isChair, offsetMs: live.offsetMs, run };
  const currentIndex = state.agenda.findIndex((a) => a.id === state.currentItemId);
  // Leaving an item with people waiting to speak: the chair says whether the queue goes along.
  const changeItem = (cmd: ItemChange) => {
    if (state.speakers.length === 0) void run(cmd);
    else setPendingMove(cmd);
  };

  return (
    <div className="page live-page" data-testid="live-meeting">
      <a className="back-link" href={hrefFor.meeting(meetingId)}>
        <span aria-hidden="true">← </span>
        {t('liveMeeting.back')}
      </a>
      <header className="live-header">
        <h1 className="page-title" data-testid="live-title">
          {isChair ? t('liveMeeting.title') : t('liveMeeting.open')}
        </h1>
        <span className={`live-conn ${live.connected ? 'on' : 'off'}`} data-testid="live-connection" role="status">
          {live.connected ? t('liveMeeting.connected') : t('liveMeeting.reconnecting')}
        </span>
        <span className={`live-quorum ${state.quorum.met ? 'met' : 'missing'}`} data-testid="live-quorum">
          {state.quorum.met ? t('liveMeeting.quorumMet') : t('liveMeeting.quorumMissing')} —{' '}
          {t('liveMeeting.quorum', { present: state.quorum.present, total: state.quorum.total, required: state.quorum.required })}
        </span>
      </header>
      {message && (
        <p className="live-error" role="alert" data-testid="live-error">
          {messageText(t, message)}
        </p>
      )}
      <CurrentSpeaker ctx={ctx} />
      {pendingMove && (
        <div className="live-confirm" role="dialog" aria-modal="false" aria-labelledby="live-move-title" data-testid="live-move-dialog">
          <h3 id="live-move-title">{t('liveMeeting.move.title', { count: state.speakers.length })}</h3>
          <p>{t('liveMeeting.move.body')}</p>
          <div className="live-form-actions">
            <button className="btn btn-primary" onClick={() => void run({ ...pendingMove, speakers: 'keep' }).then(() => setPendingMove(null))} data-testid="live-move-keep">
              {t('liveMeeting.move.keep')}
            </button>
            <button className="btn" onClick={() => void run({ ...pendingMove, speakers: 'clear' }).then(() => setPendingMove(null))} data-testid="live-move-clear">
              {t('liveMeeting.move.clear')}
            </button>
            <button className="btn btn-ghost" onClick={() => setPendingMove(null)}>
              {t('liveMeeting.vote.cancel')}
            </button>
          </div>
        </div>
      )}
      <div className="live-columns">
        <section className="live-agenda" aria-labelledby="live-agenda-title">
          <h2 id="live-agenda-title">{t('liveMeeting.agenda')}</h2>
          {isChair && (
            <div className="live-chair-nav" aria-label={t('liveMeeting.chairControls')}>
              <button className="btn btn-small" disabled={busy || currentIndex <= 0} onClick={() => changeItem({ type: 'item.previous' })} data-testid="live-previous">
                ← {t('liveMeeting.previous')}
              </button>
              <button
                className="btn btn-small btn-primary"
                disabled={busy || currentIndex >= state.agenda.length - 1}
                onClick={() => changeItem({ type: 'item.next' })}
                data-testid="live-next"
              >
                {t('liveMeeting.next')} →
              </button>
            </div>
          )}
          {state.agenda.length === 0 ? (
            <p className="empty">{t('liveMeeting.noAgenda')}</p>
          ) : (
            <ol className="live-agenda-list">
              {state.agenda.map((a) => {
                const current = a.id === state.currentItemId;
                return (
                  <li key={a.id} className={current ? 'current' : ''} aria-current={current ? 'step' : undefined} data-testid="live-agenda-item">
                    <span className="live-pos">{a.position}</span>
                    <span className="live-item-title">{a.title}</span>
                    {current && <span className="live-now">{t('liveMeeting.current')}</span>}
                    {isChair && !current && (
                      <button className="btn btn-small btn-ghost" disabled={busy} onClick={() => changeItem({ type: 'item.goto', agendaItemId: a.id })}>
                        {t('liveMeeting.goto')}
                      </button>
                    )}
                  </li>
                );
              })}
            </ol>
          )}
          <h2>{t('liveMeeting.present')}</h2>
          {present.length === 0 ? (
            <p className="empty" data-testid="live-present-none">
              {t('liveMeeting.presentNone')}
            </p>
          ) : (
            <ul className="live-present">
              {present.map((p) => (
                <li key={p.userId}>{p.name}</li>
              ))}
            </ul>
          )}
        </section>
        <div className="live-side">
          <VotePanel ctx={ctx} />
          <SpeakerPanel ctx={ctx} />
        </div>
      </div>
    </div>
  );
}
