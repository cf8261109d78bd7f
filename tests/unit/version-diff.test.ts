import { describe, expect, it } from 'vitest';
import { diffPageTexts } from '../../electron/services/versions/page-diff';
import { toneKey } from '../../shared/text/tone-key';
import { VersionChange } from '../../shared/version-diff';

const para = (n: number) => `Đoạn ${n}: Ủy ban nhân dân thành phố giao Sở Tài chính chủ trì,\nphối hợp với các sở, ngành liên quan triển khai nhiệm vụ số ${n}.`;

describe('what changed between two versions', () => {
  it('lists a changed word, an added and a removed passage with their pages', () => {
    const v1 = [
      [para(1), 'Tổng kinh phí dự kiến là 5 tỷ đồng từ ngân sách thành phố.', para(2)].join('\n'),
      [para(3), 'Điều 7. Chế độ báo cáo định kỳ hằng quý gửi Văn phòng UBND.', para(4)].join('\n'),
    ];
    const v2 = [
      [para(1), 'Tổng kinh phí dự kiến là 7 tỷ đồng từ ngân sách thành phố.', para(2)].join('\n'),
      [para(3), para(4), 'Điều 8. Hiệu lực thi hành kể từ ngày ký ban hành.'].join('\n'),
    ];
    const r = diffPageTexts(v1, v2);
    expect(r.changes.map((c) => ({ kind: c.kind, old: c.oldText, new: c.newText, oldPages: c.oldPages, newPages: c.newPages }))).toEqual([
      { kind: 'changed', old: '5', new: '7', oldPages: { from: 1, to: 1 }, newPages: { from: 1, to: 1 } },
      { kind: 'removed', old: 'Điều 7. Chế độ báo cáo định kỳ hằng quý gửi Văn phòng UBND.', new: '', oldPages: { from: 2, to: 2 }, newPages: { from: 2, to: 2 } },
      { kind: 'added', old: '', new: 'Điều 8. Hiệu lực thi hành kể từ ngày ký ban hành.', oldPages: null, newPages: { from: 2, to: 2 } },
    ]);
    for (const c of r.changes) VersionChange.parse(c);
    // The added passage is marked where it is on its page.
    const added = r.changes[2];
    expect(v2[1].slice(added.spans[0].start, added.spans[0].end)).toBe('Điều 8. Hiệu lực thi hành kể từ ngày ký ban hành.');
    expect(r.changes[0].parts).toEqual([
      { op: 'removed', text: '5' },
      { op: 'added', text: '7' },
    ]);
  });

  it('ignores re-flowed lines, text moved to the next page, Unicode forms, tone placement and page numbers', () => {
    const words = Array.from({ length: 60 }, (_, i) => `từ${i}`);
    const v1 = [`Trang 1\n${words.slice(0, 30).join(' ')}`, `${words.slice(30).join(' ')}\nhoà hợp\n- 2 -`];
    // A paragraph put in front: the words re-flow into other lines and partly onto page 2, pages renumbered.
    const v2 = [
      `Trang 1\nMột đoạn mới được thêm vào.\n${words.slice(0, 20).join(' ')}\n${words.slice(20, 25).join(' ')}`,
      `Trang 2\n${words.slice(25).join(' ').normalize('NFD')}\nhòa hợp\n- 3 -`,
    ];
    const r = diffPageTexts(v1, v2);
    expect(r.changes.map((c) => [c.kind, c.oldText, c.newText, c.newPages])).toEqual([['added', '', 'Một đoạn mới được thêm vào.', { from: 1, to: 1 }]]);
  });

  it('sees a change of tone or vowel that search folding would hide', () => {
    const r = diffPageTexts(['Mức thu tăng 10% so với năm trước.'], ['Mức thu tầng 10% so với năm trước.']);
    expect(r.changes.map((c) => [c.kind, c.oldText, c.newText])).toEqual([['changed', 'tăng', 'tầng']]);
    expect(toneKey('hoà')).toBe(toneKey('hòa'));
    expect(toneKey('HÒA'.normalize('NFD'))).toBe(toneKey('hòa'));
    expect(toneKey('tăng')).not.toBe(toneKey('tầng'));
  });

  it('finds nothing between a document and itself', () => {
    const pages = [para(1), para(2)];
    expect(diffPageTexts(pages, pages).changes).toEqual([]);
  });
});
