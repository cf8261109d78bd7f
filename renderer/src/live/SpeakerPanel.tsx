/** Speaker queue of the current item: "Xin phát biểu", the chair's grant/order/remove, the timer. */
import { useTranslation } from 'react-i18next';
import type { LiveSpeaker } from '../../../shared/live-meeting';
import type { LiveContext } from './live-context';
import { clock, useTick } from './useLiveMeeting';

function Countdown({ speaker, offsetMs }: { speaker: LiveSpeaker; offsetMs: number }) {
  const { t } = useTranslation();
  const now = useTick() + offsetMs;
  const left = Date.parse(speaker.startedAt!) + speaker.durationSeconds * 1000 - now;
  return (
    <span className={`live-timer ${left < 0 ? 'over' : ''}`} data-testid="speaker-timer" role="timer">
      {left >= 0 ? t('liveMeeting.speakers.remaining', { time: clock(left) }) : t('liveMeeting.speakers.overtime', { time: clock(-left) })}
    </span>
  );
}

export function SpeakerPanel({ ctx }: { ctx: LiveContext }) {
  const { t } = useTranslation();
  const { state, me, isChair, run } = ctx;
  const waiting = state.speakers.filter((s) => s.status === 'waiting');
  const mine = state.speakers.find((s) => s.userId === me);
  const isParticipant = state.people.some((p) => p.userId === me);
  // While a vote is open the ballot comes first: asking to speak steps back.
  const voteOpen = state.vote?.status === 'open';
  return (
    <section className="live-card" aria-labelledby="speakers-title" data-testid="speaker-panel">
      <h2 id="speakers-title">{t('liveMeeting.speakers.title')}</h2>
      <p className="live-hint">{t('liveMeeting.speakers.defaultMinutes', { minutes: Math.round(state.defaultSpeakerSeconds / 60) })}</p>
      {isParticipant &&
        (mine?.status === 'waiting' ? (
          <button className="btn" onClick={() => void run({ type: 'speaker.withdraw' })} data-testid="speaker-withdraw">
            {t('liveMeeting.speakers.withdraw')}
          </button>
        ) : !mine ? (
          <button className={voteOpen ? 'btn' : 'btn btn-primary'} onClick={() => void run({ type: 'speaker.request' })} data-testid="speaker-ask">
            {t('liveMeeting.speakers.ask')}
          </button>
        ) : null)}
      {state.speakers.length === 0 ? (
        <p className="empty">{t('liveMeeting.speakers.empty')}</p>
      ) : (
        <ol className="live-speakers">
          {state.speakers.map((s) => {
            const i = waiting.indexOf(s);
            return (
              <li key={s.id} className={s.status} data-testid="speaker-item">
                <span className="live-speaker-name">{s.name}</span>
                <span className="live-speaker-status">
                  {s.status === 'speaking' ? t('liveMeeting.speakers.speaking') : t('liveMeeting.speakers.waiting', { position: i + 1 })}
                </span>
                {s.status === 'speaking' && s.startedAt && <Countdown speaker={s} offsetMs={ctx.offsetMs} />}
                {s.status === 'waiting' && (
                  <span className="live-allotted" data-testid="speaker-allotted">
                    {t('liveMeeting.speakers.allotted', { time: clock(s.durationSeconds * 1000) })}
                  </span>
                )}
                {s.status === 'speaking' && (isChair || s.userId === me) && (
                  <button className="btn btn-small" onClick={() => void run({ type: 'speaker.finish' })}>
                    {t('liveMeeting.speakers.finish')}
                  </button>
                )}
                {isChair && s.status === 'waiting' && (
                  <span className="live-speaker-actions">
                    <button className="btn btn-small btn-primary" onClick={() => void run({ type: 'speaker.grant', requestId: s.id })} data-testid="speaker-grant">
                      {t('liveMeeting.speakers.grant')}
                    </button>
                    <button className="btn btn-small btn-ghost" disabled={i === 0} aria-label={t('liveMeeting.speakers.up')} onClick={() => void run({ type: 'speaker.move', requestId: s.id, toIndex: i - 1 })}>
                      ↑
                    </button>
                    <button
                      className="btn btn-small btn-ghost"
                      disabled={i === waiting.length - 1}
                      aria-label={t('liveMeeting.speakers.down')}
                      onClick={() => void run({ type: 'speaker.move', requestId: s.id, toIndex: i + 1 })}
                    >
                      ↓
                    </button>
                    <button className="btn btn-small btn-ghost" aria-label={t('liveMeeting.speakers.remove')} onClick={() => void run({ type: 'speaker.remove', requestId: s.id })}>
                      ✕
                    </button>
                  </span>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

/** Who has the floor and how long is left, above everything, for every participant. */
export function CurrentSpeaker({ ctx }: { ctx: LiveContext }) {
  const { t } = useTranslation();
  const speaker = ctx.state.speakers.find((s) => s.status === 'speaking' && s.startedAt);
  if (!speaker) return null;
  return (
    <p className="live-floor" role="status" data-testid="live-floor">
      <span>{t('liveMeeting.speakers.floor', { name: speaker.name })}</span>
      <Countdown speaker={speaker} offsetMs={ctx.offsetMs} />
    </p>
  );
}
