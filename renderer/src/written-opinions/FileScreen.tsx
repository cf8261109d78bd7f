/**
 * An attached document or the summary PDF of a written-opinion request, in the reader. Loaded
 * with the reader's code as one lazy screen (OpinionsRoutes.tsx), so the reader draws as soon
 * as the file is known (see secretariat/InvitationScreen.tsx for why).
 */
import { useTranslation } from 'react-i18next';
import { invoke } from '../bridge';
import { ErrorBox, Loading } from '../components/Feedback';
import { PdfViewer } from '../pdf/PdfViewer';
import { useReaderFile } from '../pdf/useReaderFile';
import { opinionsHref } from './routes';

export default function FileScreen({ id, sha256 }: { id: string; sha256: string }) {
  const { t } = useTranslation();
  const { data, error, loading, reload } = useReaderFile(() => invoke('opinions.openFile', { requestId: id, sha256 }), [id, sha256], () => false);
  return (
    <div className="page document-page" data-testid="opinion-file">
      <div className="document-bar">
        <a className="back-link" href={opinionsHref.request(id)}>
          <span aria-hidden="true">← </span>
          {t('app.back')}
        </a>
      </div>
      {loading && <Loading />}
      {error && <ErrorBox error={error} onRetry={reload} />}
      {data && <PdfViewer key={data.url} url={data.url} />}
    </div>
  );
}
