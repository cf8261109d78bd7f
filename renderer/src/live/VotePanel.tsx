/** Votes: the chair opens and closes; members (and delegates) vote with a confirmation; everyone sees the result. */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { LiveVote } from '../../../shared/live-meeting';
import { explainResult, type VoteOption } from '../../../shared/rules/voting';
import { invoke } from '../bridge';
import { errorMessage, messageText, type UiMessage } from '../components/ui-message';
import { currentLocale } from '../i18n';
import { hrefFor } from '../router';
import type { LiveContext } from './live-context';
import { clock, useTick } from './useLiveMeeting';

function useOptionLabel() {
  const { t } = useTranslation();
  return (o: Pick<VoteOption, 'id' | 'label'> | undefined, id = o?.id ?? '') => o?.label ?? t(`voting.option.${id}`, { defaultValue: id });
}

export function VotePanel({ ctx }: { ctx: LiveContext }) {
  const { t } = useTranslation();
  const { state, isChair, run } = ctx;
  const vote = state.vote;
  const [opening, setOpening] = useState(false);
  return (
    <section className="live-card" aria-labelledby="vote-title" data-testid="vote-panel">
      <h2 id="vote-title">{t('liveMeeting.vote.title')}</h2>
      {isChair && vote?.status !== 'open' && !opening && (
        <button className="btn btn-primary" onClick={() => setOpening(true)} data-testid="vote-open-dialog">
          {t('liveMeeting.vote.openDialog')}
        </button>
      )}
      {opening && <OpenVoteForm ctx={ctx} onDone={() => setOpening(false)} />}
      {!vote && !opening && <p className="empty">{t('liveMeeting.vote.none')}</p>}
      {vote?.status === 'open' && <OpenVote ctx={ctx} vote={vote} />}
      {vote?.status === 'open' && isChair && <CloseVote ctx={ctx} vote={vote} onClose={() => run({ type: 'vote.close', voteId: vote.id })} />}
      {vote?.status === 'closed' && <VoteResultView ctx={ctx} vote={vote} />}
    </section>
  );
}

function OpenVoteForm({ ctx, onDone }: { ctx: LiveContext; onDone: () => void }) {
  const { t } = useTranslation();
  const [question, setQuestion] = useState('');
  const [kind, setKind] = useState<'open' | 'secret'>('open');
  const [optionsText, setOptionsText] = useState('');
  const [allowChange, setAllowChange] = useState(false);
  const [liveCount, setLiveCount] = useState(true);
  const [minutes, setMinutes] = useState('');
  const [overrideReason, setOverrideReason] = useState('');
  const noQuorum = !ctx.state.quorum.met;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const lines = optionsText.split('\n').map((l) => l.trim()).filter(Boolean);
    const options = lines.length >= 2 ? lines.map((label, i) => ({ id: `p${i + 1}`, label, meaning: 'choice' as const })) : undefined;
    const duration = Number(minutes);
    const ok = await ctx.run({
      type: 'vote.open',
      vote: {
        question,
        kind,
        allowChange,
        liveCount,
        ...(options ? { options } : {}),
        ...(minutes && duration > 0 ? { durationSeconds: Math.round(duration * 60) } : {}),
        ...(noQuorum && overrideReason.trim() ? { quorumOverrideReason: overrideReason.trim() } : {}),
      },
    });
    if (ok) onDone();
  };
  return (
    <form className="live-form" onSubmit={(e) => void submit(e)} data-testid="vote-form">
      <label>
        {t('liveMeeting.vote.question')}
        <textarea required maxLength={1000} value={question} onChange={(e) => setQuestion(e.target.value)} data-testid="vote-question" />
      </label>
      <fieldset>
        <legend>{t('liveMeeting.vote.kind')}</legend>
        {(['open', 'secret'] as const).map((k) => (
          <label key={k} className="inline">
            <input type="radio" name="vote-kind" checked={kind === k} onChange={() => setKind(k)} data-testid={`vote-kind-${k}`} />
            {t(`voting.ballotKind.${k}`)}
          </label>
        ))}
      </fieldset>
      <label>
        {t('liveMeeting.vote.options')}
        <textarea value={optionsText} onChange={(e) => setOptionsText(e.target.value)} rows={3} />
      </label>
      <label className="inline">
        <input type="checkbox" checked={allowChange} onChange={(e) => setAllowChange(e.target.checked)} />
        {t('liveMeeting.vote.allowChange')}
      </label>
      <label className="inline">
        <input type="checkbox" checked={liveCount} onChange={(e) => setLiveCount(e.target.checked)} />
        {t('liveMeeting.vote.liveCount')}
      </label>
      <label>
        {t('liveMeeting.vote.duration')}
        <input type="number" min={1} max={1440} value={minutes} onChange={(e) => setMinutes(e.target.value)} />
      </label>
      {noQuorum && (
        <div className="live-no-quorum" role="note" data-testid="vote-no-quorum">
          <p>{t('liveMeeting.vote.noQuorum', { present: ctx.state.quorum.present, total: ctx.state.quorum.total, required: ctx.state.quorum.required })}</p>
          <label>
            {t('liveMeeting.vote.overrideReason')}
            <textarea maxLength={1000} rows={2} value={overrideReason} onChange={(e) => setOverrideReason(e.target.value)} data-testid="vote-override-reason" />
          </label>
        </div>
      )}
      <div className="live-form-actions">
        <button type="submit" className="btn btn-primary" data-testid="vote-start">
          {t('liveMeeting.vote.start')}
        </button>
        <button type="button" className="btn btn-ghost" onClick={onDone}>
          {t('liveMeeting.vote.cancel')}
        </button>
      </div>
    </form>
  );
}

function OpenVote({ ctx, vote }: { ctx: LiveContext; vote: LiveVote }) {
  const { t } = useTranslation();
  const label = useOptionLabel();
  const { state, me } = ctx;
  const now = useTick() + ctx.offsetMs;
  const present = state.roll.present.includes(me);
  // Whom I may vote for: myself (a member) and members who delegated to me and are absent.
  const rights = present
    ? [...(state.roll.eligibleMembers.includes(me) ? [me] : []), ...state.roll.delegations.filter((d) => d.delegateId === me && !state.roll.present.includes(d.memberId)).map((d) => d.memberId)]
    : [];
  const nameOf = (id: string) => state.people.find((p) => p.userId === id)?.name ?? '';
  return (
    <div className="live-vote" data-testid="vote-open">
      <p className="live-vote-question" data-testid="vote-question-text">
        {vote.question}
      </p>
      <p className="live-hint">
        {t(`voting.ballotKind.${vote.kind}`)} · {t('liveMeeting.vote.turnout', { count: vote.turnout.length, total: state.roll.eligibleMembers.length })}
        {vote.closesAt && <> · {t('liveMeeting.vote.closesIn', { time: clock(Date.parse(vote.closesAt) - now) })}</>}
      </p>
      {vote.counts && (
        <ul className="live-counts" aria-label={t('liveMeeting.vote.currentCount')}>
          {vote.counts.map((c) => (
            <li key={c.optionId}>
              {label(vote.options.find((o) => o.id === c.optionId), c.optionId)}: <strong>{c.count}</strong>
            </li>
          ))}
        </ul>
      )}
      {rights.length === 0 && <p className="live-hint">{state.roll.eligibleMembers.includes(me) && !present ? t('liveMeeting.vote.notPresent') : t('liveMeeting.vote.notEligible')}</p>}
      {rights.map((memberId) => (
        <Ballot key={memberId} vote={vote} memberId={memberId} forName={memberId === me ? null : nameOf(memberId)} voted={vote.turnout.includes(memberId)} />
      ))}
    </div>
  );
}

function Ballot({ vote, memberId, forName, voted }: { vote: LiveVote; memberId: string; forName: string | null; voted: boolean }) {
  const { t } = useTranslation();
  const label = useOptionLabel();
  const [chosen, setChosen] = useState<VoteOption | null>(null);
  const [changing, setChanging] = useState(false);
  const [receipt, setReceipt] = useState<string | null>(null);
  const [error, setError] = useState<UiMessage | null>(null);
  const [sending, setSending] = useState(false);
  const send = async () => {
    if (!chosen) return;
    setSending(true);
    setError(null);
    try {
      const r = await invoke('liveMeeting.vote', { voteId: vote.id, optionId: chosen.id, ...(forName ? { memberId } : {}) });
      setReceipt(r.receipt);
      setChosen(null);
      setChanging(false);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSending(false);
    }
  };
  const showOptions = !voted || changing;
  return (
    <div className="live-ballot" data-testid="ballot">
      {forName && <p className="live-ballot-for">{t('liveMeeting.vote.forMember', { name: forName })}</p>}
      {voted && !changing && (
        <p className="live-voted" role="status" data-testid="vote-voted">
          {forName ? t('liveMeeting.vote.votedFor', { name: forName }) : t('liveMeeting.vote.voted')}
          {vote.allowChange && (
            <button className="btn btn-small btn-ghost" onClick={() => setChanging(true)}>
              {t('liveMeeting.vote.change')}
            </button>
          )}
        </p>
      )}
      {receipt && (
        <p className="live-receipt" data-testid="vote-receipt">
          {t('liveMeeting.vote.receipt', { code: receipt })}
          <br />
          <small>{t('liveMeeting.vote.receiptHint')}</small>
        </p>
      )}
      {showOptions && !chosen && (
        <div className="live-options" role="group" aria-label={t('liveMeeting.vote.choose')}>
          {vote.options.map((o) => (
            <button key={o.id} className="btn btn-primary live-option" onClick={() => setChosen(o)} data-testid={`vote-option-${o.id}`}>
              {label(o)}
            </button>
          ))}
        </div>
      )}
      {chosen && (
        <div className="live-confirm" role="dialog" aria-modal="false" aria-labelledby={`confirm-${memberId}`} data-testid="vote-confirm-dialog">
          <h3 id={`confirm-${memberId}`}>{t('liveMeeting.vote.confirmTitle')}</h3>
          <p>{t('liveMeeting.vote.confirmBody', { option: label(chosen) })}</p>
          <button className="btn btn-primary" disabled={sending} onClick={() => void send()} data-testid="vote-confirm">
            {t('liveMeeting.vote.confirm')}
          </button>
          <button className="btn btn-ghost" onClick={() => setChosen(null)}>
            {t('liveMeeting.vote.cancel')}
          </button>
        </div>
      )}
      {error && (
        <p className="live-error" role="alert" data-testid="vote-error">
          {messageText(t, error)}
        </p>
      )}
    </div>
  );
}

function VoteResultView({ ctx, vote }: { ctx: LiveContext; vote: LiveVote }) {
  const { t } = useTranslation();
  const label = useOptionLabel();
  const locale = currentLocale();
  const { state } = ctx;
  const [receipts, setReceipts] = useState<{ memberId: string; receipt: string }[]>([]);
  useEffect(() => {
    if (vote.kind !== 'secret') return;
    let live = true;
    invoke('liveMeeting.receipts', { voteId: vote.id }).then((r) => live && setReceipts(r), () => undefined);
    return () => {
      live = false;
    };
  }, [vote.id, vote.kind]);
  const result = vote.result;
  if (!result) return null;
  const nameOf = (id: string) => state.people.find((p) => p.userId === id)?.name ?? id;
  return (
    <div className="live-result" data-testid="vote-result">
      <h3>{t('liveMeeting.vote.result')}</h3>
      <p className="live-vote-question">{vote.question}</p>
      <p className={`live-outcome ${result.outcome}`} data-testid="vote-outcome">
        {t(`liveMeeting.vote.outcome.${result.outcome}`)}
      </p>
      <table className="live-count-table">
        <caption>{t('liveMeeting.vote.counts')}</caption>
        <tbody>
          {result.counts.map((c) => (
            <tr key={c.optionId} data-testid={`vote-count-${c.optionId}`}>
              <th scope="row">{label(vote.options.find((o) => o.id === c.optionId), c.optionId)}</th>
              <td>{c.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {vote.quorumOverrideReason && (
        <p className="live-override" data-testid="vote-override">
          {t('liveMeeting.vote.openedWithoutQuorum', { reason: vote.quorumOverrideReason })}
        </p>
      )}
      <p className="live-explain" data-testid="vote-explanation">
        {explainResult(result, locale)}
      </p>
      {vote.namedBallots && (
        <>
          <h4>{t('liveMeeting.vote.named')}</h4>
          <ul className="live-named" data-testid="vote-named">
            {vote.namedBallots.map((b) => (
              <li key={b.memberId}>
                {b.castBy === b.memberId ? nameOf(b.memberId) : t('liveMeeting.vote.byDelegate', { name: nameOf(b.memberId), delegate: nameOf(b.castBy) })}:{' '}
                {label(vote.options.find((o) => o.id === b.optionId), b.optionId)}
              </li>
            ))}
          </ul>
        </>
      )}
      {vote.receipts && (
        <>
          {receipts.map((r) => (
            <p key={r.receipt} className="live-receipt" data-testid="receipt-check">
              {vote.receipts!.some((x) => x.receipt === r.receipt) ? t('liveMeeting.vote.receiptFound', { code: r.receipt }) : t('liveMeeting.vote.receiptMissing', { code: r.receipt })}
            </p>
          ))}
          <h4>{t('liveMeeting.vote.receipts')}</h4>
          <ul className="live-receipts">
            {vote.receipts.map((r) => (
              <li key={r.receipt}>
                <code>{r.receipt}</code>: {label(vote.options.find((o) => o.id === r.optionId), r.optionId)}
              </li>
            ))}
          </ul>
        </>
      )}
      {vote.documentId && (
        <a href={hrefFor.document(vote.documentId)} data-testid="vote-pdf">
          {t('liveMeeting.vote.pdf')}
          {vote.documentNumber && <> ({t('liveMeeting.vote.number', { number: vote.documentNumber })})</>}
        </a>
      )}
    </div>
  );
}

/**
 * The chair's close, set apart from the ballots: it asks first and names who has not voted
 * yet, since a vote closed by mistake cannot be reopened.
 */
function CloseVote({ ctx, vote, onClose }: { ctx: LiveContext; vote: LiveVote; onClose: () => Promise<boolean> }) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const { state } = ctx;
  const notVoted = state.roll.eligibleMembers
    .filter((id) => !vote.turnout.includes(id))
    .map((id) => ({ id, name: state.people.find((p) => p.userId === id)?.name ?? id, absent: !state.roll.present.includes(id) }))
    .sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  return (
    <div className="live-close-area" data-testid="vote-close-area">
      {!asking ? (
        <button className="btn live-close-button" onClick={() => setAsking(true)} data-testid="vote-close">
          {t('liveMeeting.vote.close')}…
        </button>
      ) : (
        <div className="live-close-confirm" role="dialog" aria-modal="false" aria-labelledby="vote-close-title" data-testid="vote-close-dialog">
          <h3 id="vote-close-title">{t('liveMeeting.vote.closeConfirmTitle')}</h3>
          {notVoted.length === 0 ? (
            <p>{t('liveMeeting.vote.everyoneVoted')}</p>
          ) : (
            <>
              <p>{t('liveMeeting.vote.notVotedYet', { count: notVoted.length })}</p>
              <ul className="live-not-voted" data-testid="vote-not-voted">
                {notVoted.map((m) => (
                  <li key={m.id}>
                    {m.name}
                    {m.absent && <> ({t('liveMeeting.vote.absent')})</>}
                  </li>
                ))}
              </ul>
            </>
          )}
          <div className="live-form-actions">
            <button className="btn live-close-button" onClick={() => void onClose().then(() => setAsking(false))} data-testid="vote-close-confirm">
              {t('liveMeeting.vote.closeConfirm')}
            </button>
            <button className="btn btn-ghost" onClick={() => setAsking(false)} data-testid="vote-close-cancel">
              {t('liveMeeting.vote.cancel')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
