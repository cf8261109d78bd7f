import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { getDecisionRules, setDecisionRules } from '../../server/data-folder';
import { parse, requireString, UsageError } from '../args';

export const RULES_HELP = `ecabinet rules show --data DIR
ecabinet rules set --data DIR --file RULES.json

  Quy tắc ra quyết định của Ủy ban (số đại biểu cần có mặt, tỷ lệ thông qua, khi hòa phiếu,
  ai được làm người dự thay để biểu quyết, lấy ý kiến bằng văn bản), mỗi quy tắc kèm căn cứ
  pháp lý. "show" in ra quy tắc đang áp dụng (JSON), "set" kiểm tra rồi lưu quy tắc mới; quy
  tắc sai bị từ chối, không lưu gì.
  The committee's decision rules (quorum, threshold, tie, who may be a voting deputy
  (delegation.deputies), written opinions), each with its legal basis. "show" prints the
  rules in force (JSON); "set" validates and stores new rules; invalid rules are refused and
  nothing is stored.`;

export async function rulesCommand(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h') return void console.log(RULES_HELP);
  if (sub !== 'show' && sub !== 'set') throw new UsageError(`Lệnh con không rõ (unknown subcommand): ${sub}`);
  const { values } = parse(rest, { data: { type: 'string' }, file: { type: 'string' } });
  if (values.help) return void console.log(RULES_HELP);
  const dataDir = path.resolve(requireString(values.data, '--data'));
  if (sub === 'show') return void console.log(JSON.stringify(await getDecisionRules(dataDir), null, 2));
  const file = requireString(values.file, '--file');
  let input: unknown;
  try {
    input = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`Không đọc được tệp JSON (cannot read the JSON file) ${file}: ${(e as Error).message}`);
  }
  await setDecisionRules(dataDir, input);
  console.log('Đã lưu quy tắc ra quyết định / decision rules saved.');
}
