/**
 * The secretariat's meeting editor (issue 3): general facts, participants with roles and
 * delegation, agenda builder (drag and drop + keyboard move buttons, time plan), documents
 * (multi-file drop zone with progress, classification, confidential readers, new versions),
 * publish, attendance with live quorum, minutes, tasks, close/archive, audit.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Mutation } from '../../../shared/api';
import type { LocalDocument, MeetingDetail } from '../../../shared/bridge';
import type { AgendaItem, Classification, MeetingKind, ParticipantRole, UserProfile } from '../../../shared/entities';
import { agendaFit } from '../../../shared/rules/agenda';
import { draftMinutes } from '../../../shared/rules/minutes-draft';
import type { MeetingExtras } from '../../../shared/secretariat-bridge';
import { invoke } from '../bridge';
import { StatusBadge } from '../components/Badges';
import { ErrorBox, Loading } from '../components/Feedback';
import { errorText } from '../errors';
import { addMinutes, formatDateTime, formatTime } from '../format';
import { useBridgeData } from '../hooks';
import { currentLocale } from '../i18n';
import { hrefFor } from '../router';
import { AuditList } from './AuditScreen';
import { DocumentPermissionsEditor, type PermissionPatch } from './DocumentPermissionsEditor';
import { DelegatePicker, delegateLabel } from './DelegatePicker';
import { DocumentUploader } from './DocumentUploader';
import { StartMeetingButton } from './StartMeetingButton';
import { QuorumBadge } from './MeetingExtrasPanel';
import { secretariatHref } from './routes';
import { RefusalText, useSaver } from './Saver';
import { download, fromVietnamLocal, newId, toVietnamLocal } from './util';

interface Loaded {
  detail: MeetingDetail;
  extras: MeetingExtras;
  users: UserProfile[];
}

export function MeetingEditorScreen({ id }: { id: string }) {
  const { t } = useTranslation();
  const { data, error, loading, reload } = useBridgeData<Loaded>(
    async () => {
      const [detail, extras, users] = await Promise.all([invoke('meetings.get', { id }), invoke('meetings.extras', { id }), invoke('secretariat.users', {})]);
      return { detail, extras, users };
    },
    [id],
    (c) => c.meetingIds.length === 0 || c.meetingIds.includes(id),
  );
  return (
    <div className="page secretariat-page editor-page" data-testid="meeting-editor">
      <a className="back-link" href={secretariatHref.home()}>
        <span aria-hidden="true">← </span>
        {t('secretariat.editor.back')}
      </a>
      {loading && <Loading />}
      {error && <ErrorBox error={error} onRetry={reload} />}
      {data && <Editor {...data} />}
    </div>
  );
}

function Editor({ detail, extras, users }: Loaded) {
  const { t } = useTranslation();
  const m = detail.meeting;
  const closed = m.status === 'closed';
  return (
    <>
      <header className="meeting-header">
        <div className="meeting-title-row">
          <h1 className="page-title" data-testid="editor-title">
            {m.title}
          </h1>
          <StatusBadge status={m.status} />
          {m.status !== 'draft' && (
            <a className="btn btn-small" href={hrefFor.meeting(m.id)}>
              {t('secretariat.notice.openMeeting')}
            </a>
          )}
        </div>
        {closed && <p className="readonly-note">{t('secretariat.editor.readOnly')}</p>}
      </header>
      <fieldset className="editor-sections" disabled={closed}>
        <GeneralSection key={`g-${m.revision}`} detail={detail} users={users} />
        <ParticipantsSection detail={detail} users={users} />
        <AgendaSection detail={detail} />
        <DocumentsSection detail={detail} users={users} extras={extras} />
        <PublishSection detail={detail} />
        <AttendanceSection detail={detail} extras={extras} users={users} />
        <MinutesSection key={`m-${extras.minutes?.revision ?? 0}`} detail={detail} extras={extras} users={users} />
        <TasksSection detail={detail} extras={extras} />
      </fieldset>
      <CloseSection detail={detail} />
      <section className="editor-section">
        <h2>{t('secretariat.audit.title')}</h2>
        <AuditList meetingId={m.id} />
      </section>
    </>
  );
}

// ---- general ----------------------------------------------------------------------------------

function GeneralSection({ detail, users }: { detail: MeetingDetail; users: UserProfile[] }) {
  const { t } = useTranslation();
  const m = detail.meeting;
  const saver = useSaver('general-save-status');
  const [f, setF] = useState({
    title: m.title,
    kind: m.kind,
    startsAt: toVietnamLocal(m.startsAt),
    endsAt: toVietnamLocal(m.endsAt),
    location: m.location,
    onlineLink: m.onlineLink,
    chairId: m.chairId ?? '',
    hostAgency: m.hostAgency,
    quorumNumerator: m.quorumNumerator,
    quorumDenominator: m.quorumDenominator,
  });
  const set = <K extends keyof typeof f>(k: K, v: (typeof f)[K]) => setF((x) => ({ ...x, [k]: v }));
  const save = () =>
    saver.save((base) => [
      {
        id: newId(),
        kind: 'meeting.upsert',
        args: {
          id: m.id,
          title: f.title.trim() || m.title,
          startsAt: fromVietnamLocal(f.startsAt),
          endsAt: fromVietnamLocal(f.endsAt),
          location: f.location,
          status: m.status,
          chairId: f.chairId || null,
          kind: f.kind,
          onlineLink: f.onlineLink,
          hostAgency: f.hostAgency,
          quorumNumerator: f.quorumNumerator,
          quorumDenominator: f.quorumDenominator,
          baseRevision: base ?? m.revision,
        },
      },
    ]);
  return (
    <section className="editor-section" aria-labelledby="sec-general">
      <h2 id="sec-general">{t('secretariat.editor.general')}</h2>
      <div className="form-grid">
        <label className="field wide">
          <span>{t('secretariat.editor.title')}</span>
          <input value={f.title} onChange={(e) => set('title', e.target.value)} maxLength={500} data-testid="meeting-title-input" />
        </label>
        <label className="field">
          <span>{t('secretariat.editor.kind')}</span>
          <select value={f.kind} onChange={(e) => set('kind', e.target.value as MeetingKind)} data-testid="meeting-kind">
            {(['regular', 'extraordinary', 'thematic'] as const).map((k) => (
              <option key={k} value={k}>
                {t(`secretariat.kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('secretariat.editor.startsAt')}</span>
          <input type="datetime-local" value={f.startsAt} onChange={(e) => set('startsAt', e.target.value)} data-testid="meeting-starts" />
        </label>
        <label className="field">
          <span>{t('secretariat.editor.endsAt')}</span>
          <input type="datetime-local" value={f.endsAt} onChange={(e) => set('endsAt', e.target.value)} data-testid="meeting-ends" />
        </label>
        <label className="field">
          <span>{t('secretariat.editor.location')}</span>
          <input value={f.location} onChange={(e) => set('location', e.target.value)} maxLength={500} data-testid="meeting-location" />
        </label>
        <label className="field">
          <span>{t('secretariat.editor.onlineLink')}</span>
          <input value={f.onlineLink} onChange={(e) => set('onlineLink', e.target.value)} maxLength={1000} />
        </label>
        <label className="field">
          <span>{t('secretariat.editor.chair')}</span>
          <select value={f.chairId} onChange={(e) => set('chairId', e.target.value)} data-testid="meeting-chair">
            <option value="">{t('secretariat.editor.noChair')}</option>
            {users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.fullName}
                {u.title ? ` — ${u.title}` : ''}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('secretariat.editor.hostAgency')}</span>
          <input value={f.hostAgency} onChange={(e) => set('hostAgency', e.target.value)} maxLength={300} />
        </label>
        <label className="field">
          <span>{t('secretariat.editor.quorum')}</span>
          <span className="inline-pair">
            <input type="number" min={1} max={100} value={f.quorumNumerator} onChange={(e) => set('quorumNumerator', Number(e.target.value) || 1)} />
            /
            <input type="number" min={1} max={100} value={f.quorumDenominator} onChange={(e) => set('quorumDenominator', Number(e.target.value) || 1)} />
          </span>
        </label>
      </div>
      <button type="button" className="btn btn-primary" onClick={save} disabled={saver.busy} data-testid="save-general">
        {t('secretariat.editor.save')}
      </button>
      {saver.view}
    </section>
  );
}

// ---- participants -------------------------------------------------------------------------------

function ParticipantsSection({ detail, users }: { detail: MeetingDetail; users: UserProfile[] }) {
  const { t } = useTranslation();
  const saver = useSaver('participants-save-status');
  const [userId, setUserId] = useState('');
  const [role, setRole] = useState<ParticipantRole>('member');
  const taken = new Set(detail.participants.map((p) => p.participant.userId));
  const meetingId = detail.meeting.id;
  const add = async () => {
    if (!userId) return;
    if (await saver.save(() => [{ id: newId(), kind: 'participant.upsert', args: { id: newId(), meetingId, userId, role } }])) setUserId('');
  };
  return (
    <section className="editor-section" aria-labelledby="sec-participants">
      <h2 id="sec-participants">{t('secretariat.participants.title')}</h2>
      {detail.participants.length === 0 && <p className="empty small">{t('secretariat.participants.empty')}</p>}
      <ul className="edit-list">
        {detail.participants.map(({ participant: p, user }) => (
          <li key={p.id} className="edit-row" data-testid="editor-participant">
            <span className="grow">
              <strong>{user?.fullName ?? t('meeting.unknownUser')}</strong>
              {user?.title && <span className="muted small"> — {user.title}</span>}
            </span>
            <select
              aria-label={t('secretariat.participants.role')}
              value={p.role}
              onChange={(e) =>
                saver.save((base) => [
                  { id: newId(), kind: 'participant.upsert', args: { id: p.id, meetingId, userId: p.userId, role: e.target.value as ParticipantRole, baseRevision: base ?? p.revision } },
                ])
              }
            >
              {(['chair', 'member', 'guest', 'secretary'] as const).map((r) => (
                <option key={r} value={r}>
                  {t(`roles.${r}`)}
                </option>
              ))}
            </select>
            <DelegatePicker
              participant={p}
              users={users}
              label={t('secretariat.participants.delegate')}
              onChange={(choice) =>
                void saver.save((base) => [{ id: newId(), kind: 'participant.upsert', args: { id: p.id, meetingId, userId: p.userId, role: p.role, ...choice, baseRevision: base ?? p.revision } }])
              }
            />
            <button type="button" className="btn btn-small" onClick={() => saver.save((b) => [{ id: newId(), kind: 'participant.delete', args: { id: p.id, baseRevision: b ?? p.revision } }])}>
              {t('secretariat.participants.remove')}
            </button>
          </li>
        ))}
      </ul>
      <div className="edit-row add-row">
        <select value={userId} onChange={(e) => setUserId(e.target.value)} aria-label={t('secretariat.participants.person')} data-testid="participant-pick">
          <option value="">{t('secretariat.participants.pick')}</option>
          {users
            .filter((u) => !taken.has(u.id))
            .map((u) => (
              <option key={u.id} value={u.id}>
                {u.fullName}
                {u.title ? ` — ${u.title}` : ''}
              </option>
            ))}
        </select>
        <select value={role} onChange={(e) => setRole(e.target.value as ParticipantRole)} aria-label={t('secretariat.participants.role')} data-testid="participant-role">
          {(['chair', 'member', 'guest', 'secretary'] as const).map((r) => (
            <option key={r} value={r}>
              {t(`roles.${r}`)}
            </option>
          ))}
        </select>
        <button type="button" className="btn" onClick={add} disabled={!userId || saver.busy} data-testid="participant-add">
          {t('secretariat.participants.add')}
        </button>
      </div>
      {saver.view}
    </section>
  );
}

// ---- agenda -------------------------------------------------------------------------------------

function AgendaSection({ detail }: { detail: MeetingDetail }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const saver = useSaver('agenda-save-status');
  const m = detail.meeting;
  const items = [...detail.agenda].map((a) => a.item).sort((a, b) => a.position - b.position);
  const fit = agendaFit(items, m.startsAt, m.endsAt);
  const [dragging, setDragging] = useState<string | null>(null);
  const [draft, setDraft] = useState({ title: '', presenter: '', agency: '', minutes: 30 });

  const upsert = (i: AgendaItem, over: Partial<AgendaItem>, base?: number): Mutation => ({
    id: newId(),
    kind: 'agendaItem.upsert',
    args: {
      id: i.id,
      meetingId: m.id,
      position: over.position ?? i.position,
      title: over.title ?? i.title,
      presenterId: i.presenterId,
      presenterLabel: over.presenterLabel ?? i.presenterLabel,
      presenterAgency: over.presenterAgency ?? i.presenterAgency,
      plannedMinutes: over.plannedMinutes ?? i.plannedMinutes,
      baseRevision: base ?? i.revision,
    },
  });
  /** Saves a new order: only the items whose position changes. */
  const reorder = (ids: string[]) => {
    const changed = ids.map((id, idx) => ({ item: items.find((i) => i.id === id)!, position: idx + 1 })).filter((x) => x.item.position !== x.position);
    if (changed.length) void saver.save(() => changed.map((x) => upsert(x.item, { position: x.position })));
  };
  const move = (id: string, delta: number) => {
    const ids = items.map((i) => i.id);
    const from = ids.indexOf(id);
    const to = from + delta;
    if (to < 0 || to >= ids.length) return;
    ids.splice(to, 0, ...ids.splice(from, 1));
    reorder(ids);
  };
  const add = async () => {
    if (!draft.title.trim()) return;
    const ok = await saver.save(() => [
      {
        id: newId(),
        kind: 'agendaItem.upsert',
        args: { id: newId(), meetingId: m.id, position: items.length + 1, title: draft.title.trim(), presenterId: null, presenterLabel: draft.presenter, presenterAgency: draft.agency, plannedMinutes: draft.minutes },
      },
    ]);
    if (ok) setDraft({ title: '', presenter: '', agency: '', minutes: 30 });
  };

  return (
    <section className="editor-section" aria-labelledby="sec-agenda">
      <h2 id="sec-agenda">{t('secretariat.agenda.title')}</h2>
      <p className={fit.overflowMinutes > 0 ? 'plan-total overflow' : 'plan-total'} data-testid="agenda-total" data-overflow={fit.overflowMinutes > 0 ? 'true' : 'false'}>
        {t('secretariat.agenda.total', { planned: fit.plannedMinutes, length: fit.meetingMinutes })}
        {fit.overflowMinutes > 0 && <strong> — {t('secretariat.agenda.overflow', { minutes: fit.overflowMinutes })}</strong>}
      </p>
      {items.length === 0 && <p className="empty small">{t('secretariat.agenda.empty')}</p>}
      <ol className="edit-list agenda-builder" aria-describedby="agenda-drag-hint">
        {items.map((i, idx) => (
          <li
            key={`${i.id}-${i.revision}`}
            className={`edit-row${dragging === i.id ? ' dragging' : ''}${fit.slots[idx]?.overflows ? ' overflows' : ''}`}
            draggable
            onDragStart={(e) => {
              setDragging(i.id);
              e.dataTransfer.setData('text/plain', i.id);
              e.dataTransfer.effectAllowed = 'move';
            }}
            onDragEnd={() => setDragging(null)}
            onDragOver={(e) => e.preventDefault()}
            onDrop={(e) => {
              e.preventDefault();
              const from = e.dataTransfer.getData('text/plain');
              setDragging(null);
              if (!from || from === i.id) return;
              const ids = items.map((x) => x.id).filter((x) => x !== from);
              ids.splice(ids.indexOf(i.id), 0, from);
              reorder(ids);
            }}
            data-testid="editor-agenda-item"
          >
            <span className="drag-handle" aria-hidden="true">
              ⋮⋮
            </span>
            <span className="agenda-pos">{i.position}</span>
            <span className="muted small">{t('secretariat.agenda.startsAt', { time: formatTime(addMinutes(m.startsAt, fit.slots[idx].startMinute), locale) })}</span>
            <input
              className="grow"
              aria-label={t('secretariat.agenda.itemTitle')}
              defaultValue={i.title}
              maxLength={1000}
              onBlur={(e) => e.target.value.trim() && e.target.value !== i.title && void saver.save((b) => [upsert(i, { title: e.target.value.trim() }, b)])}
            />
            <input
              aria-label={t('secretariat.agenda.presenter')}
              placeholder={t('secretariat.agenda.presenter')}
              defaultValue={i.presenterLabel}
              maxLength={300}
              onBlur={(e) => e.target.value !== i.presenterLabel && void saver.save((b) => [upsert(i, { presenterLabel: e.target.value }, b)])}
            />
            <input
              aria-label={t('secretariat.agenda.agency')}
              placeholder={t('secretariat.agenda.agency')}
              defaultValue={i.presenterAgency}
              maxLength={300}
              onBlur={(e) => e.target.value !== i.presenterAgency && void saver.save((b) => [upsert(i, { presenterAgency: e.target.value }, b)])}
            />
            <input
              type="number"
              className="minutes-input"
              min={0}
              max={1440}
              aria-label={t('secretariat.agenda.minutes')}
              defaultValue={i.plannedMinutes}
              onBlur={(e) => Number(e.target.value) !== i.plannedMinutes && void saver.save((b) => [upsert(i, { plannedMinutes: Math.max(0, Number(e.target.value) || 0) }, b)])}
            />
            <button type="button" className="btn btn-small btn-icon" onClick={() => move(i.id, -1)} disabled={idx === 0} aria-label={t('secretariat.agenda.moveUp')} data-testid="agenda-up">
              ↑
            </button>
            <button type="button" className="btn btn-small btn-icon" onClick={() => move(i.id, 1)} disabled={idx === items.length - 1} aria-label={t('secretariat.agenda.moveDown')} data-testid="agenda-down">
              ↓
            </button>
            <button type="button" className="btn btn-small" onClick={() => saver.save((b) => [{ id: newId(), kind: 'agendaItem.delete', args: { id: i.id, baseRevision: b ?? i.revision } }])}>
              {t('secretariat.agenda.remove')}
            </button>
          </li>
        ))}
      </ol>
      <p id="agenda-drag-hint" className="muted small">
        {t('secretariat.agenda.dragHint')}
      </p>
      <div className="edit-row add-row">
        <input className="grow" placeholder={t('secretariat.agenda.itemTitle')} value={draft.title} onChange={(e) => setDraft({ ...draft, title: e.target.value })} maxLength={1000} data-testid="agenda-new-title" />
        <input placeholder={t('secretariat.agenda.presenter')} value={draft.presenter} onChange={(e) => setDraft({ ...draft, presenter: e.target.value })} maxLength={300} data-testid="agenda-new-presenter" />
        <input placeholder={t('secretariat.agenda.agency')} value={draft.agency} onChange={(e) => setDraft({ ...draft, agency: e.target.value })} maxLength={300} />
        <input
          type="number"
          className="minutes-input"
          min={0}
          max={1440}
          aria-label={t('secretariat.agenda.minutes')}
          value={draft.minutes}
          onChange={(e) => setDraft({ ...draft, minutes: Math.max(0, Number(e.target.value) || 0) })}
          data-testid="agenda-new-minutes"
        />
        <button type="button" className="btn" onClick={add} disabled={!draft.title.trim() || saver.busy} data-testid="agenda-add">
          {t('secretariat.agenda.add')}
        </button>
      </div>
      {saver.view}
    </section>
  );
}

// ---- documents ----------------------------------------------------------------------------------

function DocumentsSection({ detail, users, extras }: { detail: MeetingDetail; users: UserProfile[]; extras: MeetingExtras }) {
  const { t } = useTranslation();
  const saver = useSaver('documents-save-status');
  const m = detail.meeting;
  const items = [...detail.agenda].sort((a, b) => a.item.position - b.item.position);
  const [target, setTarget] = useState<string>('');
  const [classification, setClassification] = useState<Classification>('internal');
  const all: LocalDocument[] = [...detail.agenda.flatMap((a) => a.documents), ...detail.documents];
  const byId = new Map(users.map((u) => [u.id, u]));
  const participants = detail.participants.map((p) => p.participant.userId);

  const docUpsert = (d: LocalDocument, over: Partial<{ classification: Classification; readerIds: string[]; sha256: string; fileName: string; agendaItemId: string | null }> & PermissionPatch, base?: number): Mutation => ({
    id: newId(),
    kind: 'document.upsert',
    args: {
      id: d.id,
      meetingId: m.id,
      agendaItemId: over.agendaItemId !== undefined ? over.agendaItemId : d.agendaItemId,
      title: d.title,
      fileName: over.fileName ?? d.fileName,
      sha256: over.sha256 ?? d.sha256,
      classification: over.classification ?? d.classification,
      allowPrint: over.allowPrint !== undefined ? over.allowPrint : d.allowPrint,
      allowDownload: over.allowDownload !== undefined ? over.allowDownload : d.allowDownload,
      ...(over.readerIds ? { readerIds: over.readerIds } : {}),
      baseRevision: base ?? d.revision,
    } as Extract<Mutation, { kind: 'document.upsert' }>['args'],
  });

  return (
    <section className="editor-section" aria-labelledby="sec-documents">
      <h2 id="sec-documents">{t('secretariat.documents.title')}</h2>
      <div className="edit-row">
        <label className="inline-label">
          {t('secretariat.documents.target')}{' '}
          <select value={target} onChange={(e) => setTarget(e.target.value)} data-testid="upload-target">
            <option value="">{t('secretariat.documents.meetingWide')}</option>
            {items.map(({ item }) => (
              <option key={item.id} value={item.id}>
                {item.position}. {item.title}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-label">
          {t('secretariat.documents.classification')}{' '}
          <select value={classification} onChange={(e) => setClassification(e.target.value as Classification)} data-testid="upload-classification">
            {(['public', 'internal', 'confidential'] as const).map((c) => (
              <option key={c} value={c}>
                {t(`classification.${c}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <DocumentUploader
        testId="document-drop"
        onUploaded={(file) =>
          saver.save(() => [
            {
              id: newId(),
              kind: 'document.upsert',
              args: {
                id: newId(),
                meetingId: m.id,
                agendaItemId: target || null,
                title: file.fileName.replace(/\.[^.]+$/, ''),
                fileName: file.fileName.replace(/\.[^.]+$/, '.pdf'),
                sha256: file.sha256,
                classification,
                allowPrint: null,
                allowDownload: null,
              } as Extract<Mutation, { kind: 'document.upsert' }>['args'],
            },
          ])
        }
      />
      {all.length === 0 && <p className="empty small">{t('secretariat.documents.empty')}</p>}
      <ul className="edit-list">
        {all.map((d) => {
          const versions = extras.versions.filter((v) => v.documentId === d.id).length;
          return (
            <li key={`${d.id}-${d.revision}`} className="edit-col" data-testid="editor-document">
              <div className="edit-row">
                <a className="grow" href={hrefFor.document(d.id)}>
                  {d.title}
                </a>
                <span className="muted small">
                  {t('document.version', { version: d.version })}
                  {versions > 1 ? ` · ${t('secretariat.documents.versions', { count: versions })}` : ''}
                </span>
                <select aria-label={t('secretariat.documents.classification')} value={d.classification} onChange={(e) => saver.save((b) => [docUpsert(d, { classification: e.target.value as Classification }, b)])}>
                  {(['public', 'internal', 'confidential'] as const).map((c) => (
                    <option key={c} value={c}>
                      {t(`classification.${c}`)}
                    </option>
                  ))}
                </select>
                <DocumentUploader compact label={t('secretariat.documents.newVersion')} onUploaded={(file) => saver.save((b) => [docUpsert(d, { sha256: file.sha256, fileName: file.fileName }, b)])} />
                <button type="button" className="btn btn-small" onClick={() => saver.save((b) => [{ id: newId(), kind: 'document.delete', args: { id: d.id, baseRevision: b ?? d.revision } }])}>
                  {t('secretariat.documents.remove')}
                </button>
              </div>
              <DocumentPermissionsEditor
                classification={d.classification}
                allowPrint={d.allowPrint}
                allowDownload={d.allowDownload}
                onChange={(patch) => saver.save((b) => [docUpsert(d, patch, b)])}
              />
              {d.classification === 'confidential' && (
                <fieldset className="readers">
                  <legend>{t('secretariat.documents.readers')}</legend>
                  {participants.map((uid) => (
                    <label key={uid} className="inline-label">
                      <input
                        type="checkbox"
                        checked={d.readerIds.includes(uid)}
                        onChange={(e) =>
                          saver.save((b) => [docUpsert(d, { readerIds: e.target.checked ? [...d.readerIds, uid] : d.readerIds.filter((x) => x !== uid) }, b)])
                        }
                      />{' '}
                      {byId.get(uid)?.fullName ?? uid}
                    </label>
                  ))}
                </fieldset>
              )}
            </li>
          );
        })}
      </ul>
      {saver.view}
    </section>
  );
}

// ---- publish ------------------------------------------------------------------------------------

function PublishSection({ detail }: { detail: MeetingDetail }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const m = detail.meeting;
  const saver = useSaver('publish-status');
  return (
    <section className="editor-section" aria-labelledby="sec-publish">
      <h2 id="sec-publish">{t('secretariat.publish.title')}</h2>
      {m.status === 'draft' ? (
        <>
          <p className="muted">{t('secretariat.publish.draftHint')}</p>
          <button type="button" className="btn btn-primary" onClick={() => saver.save((b) => [{ id: newId(), kind: 'meeting.publish', args: { meetingId: m.id, baseRevision: b ?? m.revision } }])} data-testid="publish">
            {t('secretariat.publish.button')}
          </button>
        </>
      ) : (
        <>
          <p data-testid="published-note">{t('secretariat.publish.done', { time: m.publishedAt ? formatDateTime(m.publishedAt, locale) : '—' })}</p>
          {m.status === 'in_progress' && <p data-testid="started-note">{t('secretariat.start.started')}</p>}
          <StartMeetingButton meeting={m} />
        </>
      )}
      {saver.view}
    </section>
  );
}

// ---- attendance ---------------------------------------------------------------------------------

function AttendanceSection({ detail, extras, users }: { detail: MeetingDetail; extras: MeetingExtras; users: UserProfile[] }) {
  const { t } = useTranslation();
  const saver = useSaver('attendance-save-status');
  if (detail.meeting.status === 'draft') return null;
  return (
    <section className="editor-section" aria-labelledby="sec-attendance">
      <h2 id="sec-attendance">{t('secretariat.attendance.title')}</h2>
      <QuorumBadge quorum={extras.quorum} />
      <ul className="edit-list">
        {detail.participants.map(({ participant: p, user }) => (
          <li key={p.id} className="edit-row" data-testid="attendance-row" data-attendance={p.attendance}>
            <span className="grow">
              {user?.fullName ?? t('meeting.unknownUser')} <span className="muted small">({t(`roles.${p.role}`)})</span>
              {delegateLabel(p, users) && (
                <span className="muted small" data-testid="delegate-shown">
                  {' '}
                  — {t('secretariat.delegate.shown', { name: delegateLabel(p, users) })}
                </span>
              )}
            </span>
            {(['present', 'absent', 'unknown'] as const).map((a) => (
              <button
                key={a}
                type="button"
                className={`btn btn-small${p.attendance === a ? ' btn-primary' : ''}`}
                aria-pressed={p.attendance === a}
                onClick={() => saver.save(() => [{ id: newId(), kind: 'participant.setAttendance', args: { participantId: p.id, attendance: a } }])}
              >
                {t(`secretariat.attendance.${a}`)}
              </button>
            ))}
          </li>
        ))}
      </ul>
      {saver.view}
    </section>
  );
}

// ---- minutes ------------------------------------------------------------------------------------

function MinutesSection({ detail, extras, users }: { detail: MeetingDetail; extras: MeetingExtras; users: UserProfile[] }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const saver = useSaver('minutes-save-status');
  const m = detail.meeting;
  const [body, setBody] = useState(extras.minutes?.body ?? '');
  const [conclusions, setConclusions] = useState(extras.minutes?.conclusions ?? '');
  if (m.status === 'draft') return null;
  const prefill = () =>
    setBody(
      draftMinutes({
        title: m.title,
        when: formatDateTime(m.startsAt, locale),
        location: m.location,
        chairName: m.chairName,
        participants: detail.participants.map(({ participant, user }) => ({ name: user?.fullName ?? '', attendance: participant.attendance, delegateName: delegateLabel(participant, users) ?? '' })),
        agenda: [...detail.agenda].sort((a, b) => a.item.position - b.item.position).map(({ item }) => ({ title: item.title, presenter: [item.presenterLabel, item.presenterAgency].filter(Boolean).join(', ') })),
        // Issue 6 fills in vote results here.
        voteLines: [],
      }),
    );
  const save = () =>
    saver.save((b) => [{ id: newId(), kind: 'minutes.save', args: { id: extras.minutes?.id ?? newId(), meetingId: m.id, body, conclusions, baseRevision: b ?? extras.minutes?.revision } }]);
  const exportPdf = async () => {
    if (await save()) await saver.save(() => [{ id: newId(), kind: 'minutes.exportPdf', args: { meetingId: m.id } }]);
  };
  return (
    <section className="editor-section" aria-labelledby="sec-minutes">
      <h2 id="sec-minutes">{t('secretariat.minutes.title')}</h2>
      <button type="button" className="btn btn-small" onClick={prefill} data-testid="minutes-prefill">
        {t('secretariat.minutes.prefill')}
      </button>
      <label className="field">
        <span>{t('secretariat.minutes.body')}</span>
        <textarea rows={10} value={body} onChange={(e) => setBody(e.target.value)} data-testid="minutes-body" />
      </label>
      <label className="field">
        <span>{t('secretariat.minutes.conclusions')}</span>
        <textarea rows={5} value={conclusions} onChange={(e) => setConclusions(e.target.value)} data-testid="minutes-conclusions" />
      </label>
      <div className="row-actions">
        <button type="button" className="btn btn-primary" onClick={save} disabled={saver.busy} data-testid="minutes-save">
          {t('secretariat.minutes.save')}
        </button>
        <button type="button" className="btn" onClick={exportPdf} disabled={saver.busy} data-testid="minutes-export">
          {t('secretariat.minutes.exportPdf')}
        </button>
        {extras.minutes?.documentId && (
          <a className="btn" href={hrefFor.document(extras.minutes.documentId)} data-testid="minutes-pdf">
            {t('secretariat.minutes.openPdf')}
          </a>
        )}
      </div>
      {saver.view}
    </section>
  );
}

// ---- tasks --------------------------------------------------------------------------------------

function TasksSection({ detail, extras }: { detail: MeetingDetail; extras: MeetingExtras }) {
  const { t } = useTranslation();
  const saver = useSaver('tasks-save-status');
  const empty = { title: '', agency: '', assignee: '', deadline: '', expectedResult: '', follower: '' };
  const [f, setF] = useState(empty);
  if (detail.meeting.status === 'draft') return null;
  const add = async () => {
    if (!f.title.trim() || !f.agency.trim() || !/^\d{4}-\d{2}-\d{2}$/.test(f.deadline)) return;
    if (await saver.save(() => [{ id: newId(), kind: 'task.upsert', args: { id: newId(), meetingId: detail.meeting.id, ...f, status: 'open' } }])) setF(empty);
  };
  return (
    <section className="editor-section" aria-labelledby="sec-tasks">
      <h2 id="sec-tasks">{t('secretariat.tasks.title')}</h2>
      <TaskTable tasks={extras.tasks.map((x) => ({ ...x, meetingTitle: null, overdue: false }))} onToggle={(task) => saver.save((b) => [{ id: newId(), kind: 'task.upsert', args: { ...task, status: task.status === 'done' ? 'open' : 'done', baseRevision: b ?? task.revision } }])} />
      <div className="form-grid">
        {(['title', 'agency', 'assignee', 'expectedResult', 'follower'] as const).map((k) => (
          <label key={k} className="field">
            <span>{t(`secretariat.tasks.${k === 'title' ? 'taskTitle' : k}`)}</span>
            <input value={f[k]} onChange={(e) => setF({ ...f, [k]: e.target.value })} maxLength={k === 'expectedResult' ? 2000 : 300} />
          </label>
        ))}
        <label className="field">
          <span>{t('secretariat.tasks.deadline')}</span>
          <input type="date" value={f.deadline} onChange={(e) => setF({ ...f, deadline: e.target.value })} />
        </label>
      </div>
      <button type="button" className="btn" onClick={add} disabled={saver.busy}>
        {t('secretariat.tasks.add')}
      </button>
      {saver.view}
    </section>
  );
}

export function TaskTable({ tasks, onToggle }: { tasks: import('../../../shared/secretariat-bridge').TaskView[]; onToggle?: (t: import('../../../shared/secretariat').Task) => void }) {
  const { t } = useTranslation();
  if (tasks.length === 0) return <p className="empty small">{t('secretariat.tasks.empty')}</p>;
  return (
    <table className="data-table">
      <thead>
        <tr>
          <th>{t('secretariat.tasks.taskTitle')}</th>
          <th>{t('secretariat.tasks.agency')}</th>
          <th>{t('secretariat.tasks.assignee')}</th>
          <th>{t('secretariat.tasks.deadline')}</th>
          <th>{t('secretariat.tasks.expectedResult')}</th>
          <th>{t('secretariat.tasks.follower')}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {tasks.map((task) => (
          <tr key={task.id} className={task.overdue ? 'overdue' : ''} data-testid="task-row" data-overdue={task.overdue ? 'true' : 'false'}>
            <td>
              {task.title}
              {task.meetingTitle && <div className="muted small">{t('secretariat.tasks.fromMeeting', { title: task.meetingTitle })}</div>}
            </td>
            <td>{task.agency}</td>
            <td>{task.assignee}</td>
            <td>
              {task.deadline.split('-').reverse().join('/')}
              {task.overdue && <span className="badge overdue-badge">{t('secretariat.tasks.overdue')}</span>}
            </td>
            <td>{task.expectedResult}</td>
            <td>{task.follower}</td>
            <td>
              {onToggle ? (
                <button type="button" className="btn btn-small" onClick={() => onToggle(task)}>
                  {task.status === 'done' ? t('secretariat.tasks.done') : t('secretariat.tasks.markDone')}
                </button>
              ) : (
                t(`secretariat.tasks.${task.status}`)
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

// ---- close / archive ----------------------------------------------------------------------------

function CloseSection({ detail }: { detail: MeetingDetail }) {
  const { t } = useTranslation();
  const saver = useSaver('close-status');
  const [archiveError, setArchiveError] = useState<unknown>(null);
  const m = detail.meeting;
  const archive = async () => {
    setArchiveError(null);
    try {
      const z = await invoke('secretariat.archive', { meetingId: m.id });
      download(z.fileName, { base64: z.base64 }, 'application/zip');
    } catch (e) {
      setArchiveError(e);
    }
  };
  return (
    <section className="editor-section" aria-labelledby="sec-close">
      <h2 id="sec-close">{t('secretariat.close.title')}</h2>
      <div className="row-actions">
        {m.status !== 'closed' && m.status !== 'draft' && (
          <button
            type="button"
            className="btn"
            onClick={() => window.confirm(t('secretariat.close.confirm')) && void saver.save((b) => [{ id: newId(), kind: 'meeting.close', args: { meetingId: m.id, baseRevision: b ?? m.revision } }])}
            data-testid="close-meeting"
          >
            {t('secretariat.close.button')}
          </button>
        )}
        <button type="button" className="btn" onClick={archive} data-testid="archive-meeting">
          {t('secretariat.close.archive')}
        </button>
      </div>
      {archiveError !== null && <p role="alert" className="save-status save-error">{errorText(t, archiveError)}</p>}
      {saver.view}
    </section>
  );
}

export { RefusalText };
