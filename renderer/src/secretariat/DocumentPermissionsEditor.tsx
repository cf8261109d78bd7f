/**
 * "Cho phép in" / "Cho phép tải về" for one document in the secretariat's editor.
 * Each is three-way: as the classification says (null, the default), yes, or no; the reader,
 * the export with notes and the download button all follow the same rule
 * (shared/rules/documents.ts).
 */
import { useTranslation } from 'react-i18next';
import type { Classification } from '../../../shared/entities';
import { defaultAllows } from '../../../shared/rules/documents';

export type PermissionPatch = { allowPrint?: boolean | null; allowDownload?: boolean | null };

const encode = (v: boolean | null) => (v === null ? 'default' : v ? 'yes' : 'no');
const decode = (s: string): boolean | null => (s === 'default' ? null : s === 'yes');

export function DocumentPermissionsEditor({
  classification,
  allowPrint,
  allowDownload,
  onChange,
}: {
  classification: Classification;
  allowPrint: boolean | null;
  allowDownload: boolean | null;
  onChange: (patch: PermissionPatch) => void;
}) {
  const { t } = useTranslation();
  const byDefault = t('reader.permissions.byClassification', { value: defaultAllows(classification) ? t('reader.permissions.yes') : t('reader.permissions.no') });
  const field = (key: 'allowPrint' | 'allowDownload', value: boolean | null, label: string) => (
    <label className="inline-label">
      {label}{' '}
      <select value={encode(value)} onChange={(e) => onChange({ [key]: decode(e.target.value) })} data-testid={key === 'allowPrint' ? 'document-allow-print' : 'document-allow-download'}>
        <option value="default">{byDefault}</option>
        <option value="yes">{t('reader.permissions.yes')}</option>
        <option value="no">{t('reader.permissions.no')}</option>
      </select>
    </label>
  );
  return (
    <div className="edit-row" data-testid="document-permissions">
      {field('allowPrint', allowPrint, t('reader.permissions.print'))}
      {field('allowDownload', allowDownload, t('reader.permissions.download'))}
    </div>
  );
}
