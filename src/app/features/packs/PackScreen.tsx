// One learning pack: what to do (the school's instructions, made safe), activities to tick
// off (offline; delivered once), its files (open offline once on the phone), links (need
// internet), keep it on the phone, print it, ask for a paper copy, hand in a photo of the
// work. Everything here works offline except what says it needs internet.
import { useId, useMemo, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TimetableSession } from '../../../shared/entities.ts';
import { useShell } from '../../components/ShellContext.tsx';
import { formatBytes } from '../../components/formatBytes.ts';
import type { PackView } from '../../data/packs.ts';
import { usePackSessions, usePackView, useStoredFiles } from '../../data/packHooks.ts';
import { SetAside } from '../../components/SetAside.tsx';
import { useRejectedByRecord } from '../../data/hooks.ts';
import { isQuotaError } from '../../pwa/storage.ts';
import { useDownloadState } from '../../sync/packDownloads.ts';
import { useOnline } from '../../sync/status.ts';
import { useToday } from '../schedule/useToday.ts';
import { formatDay } from '../timetable/dates.ts';
import { askForPaperCopy, downloadOne, keepPack, markActivity } from './actions.ts';
import { DownloadProgressBar } from './DownloadProgressBar.tsx';
import { renderInstructions } from './instructions.ts';

export function PackScreen() {
  const { t } = useTranslation('packs');
  const { id } = useParams();
  const pupil = useShell()?.current;
  const pack = usePackView(id, pupil?.id);
  if (!pupil || pack === undefined) return null;
  if (pack === null) {
    return (
      <>
        <h1 className="screen-title">{t('pack.goneTitle')}</h1>
        <p className="empty">{t('pack.gone')}</p>
        <Link className="button" to="/packs">
          {t('pack.back')}
        </Link>
      </>
    );
  }
  return <Pack pack={pack} pupilId={pupil.id} />;
}

function Pack({ pack, pupilId }: { pack: PackView; pupilId: string }) {
  const { t, i18n } = useTranslation('packs');
  const html = useMemo(() => renderInstructions(pack.instructionsHtml), [pack.instructionsHtml]);
  const sessions = usePackSessions(pack.sessionIds);
  const today = useToday();
  // Work handed in from a pack is for today's session of it, else the next, else the first.
  const session =
    sessions?.find((s) => s.date === today) ??
    sessions?.find((s) => s.date > today) ??
    sessions?.[0];
  const handIn = new URLSearchParams({ note: t('pack.handInNote', { title: pack.title }) });
  if (session) handIn.set('session', session.id);

  return (
    <>
      <p className="no-print">
        <Link to="/packs">{t('pack.back')}</Link>
      </p>
      <h1 className="screen-title">{pack.title}</h1>
      {pack.weekStart ? (
        <p className="muted">
          {t('list.weekOf', { date: formatDay(pack.weekStart, i18n.language, 'long') })}
        </p>
      ) : null}
      <PackSessions sessions={sessions} />

      <div className="actions no-print">
        <Link className="button" to={`/packs/${pack.id}/print`} data-testid="print-pack">
          {t('pack.print')}
        </Link>
        <Link
          className="button"
          to={`/submit?${handIn.toString()}`}
          data-testid="hand-in-from-pack"
        >
          {t('pack.handIn')}
        </Link>
      </div>

      {pack.instructionsHtml.trim() ? (
        <section className="panel" aria-labelledby="pack-instructions">
          <h2 id="pack-instructions">{t('pack.instructions')}</h2>
          <div
            className="instructions"
            dir="auto"
            data-testid="instructions"
            // Cleaned by DOMPurify in renderInstructions (see instructions.ts).
            dangerouslySetInnerHTML={{ __html: html }}
          />
        </section>
      ) : null}

      {pack.activities.length > 0 ? <Activities pack={pack} pupilId={pupilId} /> : null}
      {pack.files.length > 0 ? <Files pack={pack} /> : null}

      {pack.links.length > 0 ? (
        <section className="panel" aria-labelledby="pack-links">
          <h2 id="pack-links">{t('pack.links')}</h2>
          <ul className="pack-links">
            {pack.links.map((link, i) => (
              <li key={`${link.url}-${i}`}>
                <a
                  className="button"
                  href={link.url}
                  target="_blank"
                  rel="noopener noreferrer external"
                  aria-describedby={`pack-link-${i}-net`}
                >
                  {link.title}
                </a>{' '}
                <span id={`pack-link-${i}-net`} className="hint">
                  {t('pack.needsInternet')}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <PaperCopy pack={pack} pupilId={pupilId} />
    </>
  );
}

/** "For Maths: Mon 23, Tue 24 and Wed 25" — one line per subject. */
function PackSessions({ sessions }: { sessions: TimetableSession[] | undefined }) {
  const { t, i18n } = useTranslation('packs');
  if (!sessions || sessions.length === 0) return null;
  const bySubject = new Map<string, string[]>();
  for (const s of sessions) {
    const when = `${formatDay(s.date, i18n.language, 'short')} ${s.startTime}`;
    bySubject.set(s.subject, [...(bySubject.get(s.subject) ?? []), when]);
  }
  const list = new Intl.ListFormat(i18n.language, { style: 'narrow', type: 'conjunction' });
  return (
    <ul className="pack__sessions muted" data-testid="pack-sessions">
      {[...bySubject].map(([subject, times]) => (
        <li key={subject}>{t('pack.forSessions', { subject, times: list.format(times) })}</li>
      ))}
    </ul>
  );
}

function Activities({ pack, pupilId }: { pack: PackView; pupilId: string }) {
  const { t } = useTranslation('packs');
  const [failed, setFailed] = useState<string | null>(null);
  async function toggle(activityId: string, done: boolean) {
    setFailed(null);
    try {
      await markActivity({ packId: pack.id, activityId, pupilId, done });
    } catch (error) {
      setFailed(isQuotaError(error) ? t('errors.quota') : t('errors.save'));
    }
  }
  return (
    <section className="panel" aria-labelledby="pack-activities">
      <h2 id="pack-activities">
        {t('pack.activities')}{' '}
        <span className="muted">
          {t('list.done', { done: pack.doneCount, total: pack.activities.length })}
        </span>
      </h2>
      <ul className="activities">
        {pack.activities.map((a) => (
          <li key={a.id} className="activity" data-testid="activity">
            <label className={`check${a.done ? ' check--on' : ''}`}>
              <input
                type="checkbox"
                checked={a.done}
                onChange={(e) => void toggle(a.id, e.target.checked)}
                data-testid="activity-done"
              />
              <span dir="auto">{a.title}</span>
            </label>
            {a.delivery ? (
              <span className={`delivery delivery--${a.delivery}`} data-testid="delivery">
                {t(`delivery.${a.delivery}`)}
              </span>
            ) : null}
          </li>
        ))}
      </ul>
      {failed ? (
        <p className="message message--error" role="alert">
          {failed}
        </p>
      ) : null}
    </section>
  );
}

function Files({ pack }: { pack: PackView }) {
  const { t, i18n } = useTranslation('packs');
  const stored = useStoredFiles();
  const online = useOnline();
  const download = useDownloadState();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const here = new Set(stored?.map((f) => f.sha256));
  const missing = pack.bytes - pack.storedBytes;

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setFailed(false);
    try {
      await action();
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="pack-files">
      <h2 id="pack-files">{t('pack.files')}</h2>
      <ul className="pack-files">
        {pack.files.map((f) => (
          <li key={f.id} className="pack-file" data-testid="pack-file">
            <Link className="button" to={`/packs/${pack.id}/files/${f.id}`}>
              {t(`kinds.${f.kind}`)}: <span dir="auto">{f.name}</span>
            </Link>
            <span className="muted">
              {formatBytes(f.bytes, i18n.language)} ·{' '}
              {here.has(f.sha256) ? t('pack.fileHere') : t('pack.fileNotHere')}
            </span>
          </li>
        ))}
      </ul>
      <div className="actions">
        <label className={`check${pack.pinned ? ' check--on' : ''}`}>
          <input
            type="checkbox"
            checked={pack.pinned}
            disabled={busy}
            onChange={(e) => void run(() => keepPack(pack, e.target.checked))}
            data-testid="keep-pack"
          />
          <span>{t('pack.keep')}</span>
        </label>
        {missing > 0 && !pack.pinned ? (
          <button
            type="button"
            className="button"
            disabled={busy || !online}
            onClick={() => void run(() => downloadOne(pack))}
            data-testid="download-pack"
          >
            {t('pack.download', { size: formatBytes(missing, i18n.language) })}
          </button>
        ) : null}
      </div>
      {busy && download.state === 'running' ? (
        <DownloadProgressBar progress={download.progress} />
      ) : null}
      {missing > 0 && !online ? <p className="muted">{t('pack.offlineFiles')}</p> : null}
      {failed ? (
        <p className="message message--error" role="alert">
          {t('download.failed')}
        </p>
      ) : null}
    </section>
  );
}

function PaperCopy({ pack, pupilId }: { pack: PackView; pupilId: string }) {
  const { t, i18n } = useTranslation('packs');
  const refused = useRejectedByRecord();
  const [note, setNote] = useState('');
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const noteId = useId();

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    try {
      await askForPaperCopy({ packId: pack.id, pupilId, note });
      setNote('');
      setOpen(false);
      setMessage({ ok: true, text: t('paper.saved') });
    } catch (error) {
      setMessage({ ok: false, text: isQuotaError(error) ? t('errors.quota') : t('errors.save') });
    }
  }

  return (
    <section className="panel no-print" aria-labelledby="pack-paper">
      <h2 id="pack-paper">{t('paper.title')}</h2>
      <p>{t('paper.intro')}</p>
      {pack.paperRequests.length > 0 ? (
        <ul className="paper-requests">
          {pack.paperRequests.map((r) => {
            const setAside = refused.get(r.id);
            return (
              <li key={r.id} data-testid="paper-request">
                {t('paper.asked', {
                  date: formatDay(r.createdAt.slice(0, 10), i18n.language, 'long'),
                })}{' '}
                <span
                  className={`delivery delivery--${r.postedAt ? 'seen' : r.delivery}`}
                  data-testid="paper-status"
                >
                  {r.postedAt
                    ? t('paper.posted', {
                        date: formatDay(r.postedAt.slice(0, 10), i18n.language, 'long'),
                      })
                    : t(`delivery.${r.delivery}`)}
                </span>
                {setAside ? <SetAside entry={setAside} /> : null}
              </li>
            );
          })}
        </ul>
      ) : null}
      {open ? (
        <form onSubmit={(e) => void onSubmit(e)}>
          <div className="field">
            <label htmlFor={noteId}>{t('paper.note')}</label>
            <textarea
              id={noteId}
              value={note}
              maxLength={500}
              rows={2}
              dir="auto"
              onChange={(e) => setNote(e.target.value)}
            />
          </div>
          <div className="actions">
            <button type="submit" className="button button--primary" data-testid="paper-send">
              {t('paper.send')}
            </button>
            <button type="button" className="button" onClick={() => setOpen(false)}>
              {t('paper.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <button
          type="button"
          className="button"
          onClick={() => {
            setMessage(null);
            setOpen(true);
          }}
          data-testid="paper-open"
        >
          {t('paper.ask')}
        </button>
      )}
      {message ? (
        <p className={`message ${message.ok ? 'message--ok' : 'message--error'}`} role="status">
          {message.text}
        </p>
      ) : null}
    </section>
  );
}
