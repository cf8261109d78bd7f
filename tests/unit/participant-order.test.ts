import { describe, expect, it } from 'vitest';
import { compareVietnameseNames, inProtocolOrder, type OrderedPerson } from '../../shared/rules/participant-order';

describe('participants in protocol order', () => {
  it('chair, standing vice-chair, vice-chairs, members, guests, secretariat; by given name the Vietnamese way', () => {
    const people: OrderedPerson[] = [
      { role: 'secretary', fullName: 'Phan Thị Mai', title: 'Chuyên viên' },
      { role: 'member', fullName: 'Bùi Thị Hương', title: 'Ủy viên UBND' },
      { role: 'guest', fullName: 'Lý Văn Phúc', title: 'Chủ tịch UBND phường' },
      { role: 'member', fullName: 'Lê Hoàng Nam', title: 'Phó Chủ tịch UBND thành phố' },
      { role: 'member', fullName: 'Đặng Quang Huy', title: 'Ủy viên UBND' },
      { role: 'chair', fullName: 'Trần Quốc Hưng', title: 'Chủ tịch UBND thành phố' },
      { role: 'member', fullName: 'Nguyễn Thị Thu Hà', title: 'Phó Chủ tịch Thường trực UBND thành phố' },
      { role: 'member', fullName: 'Đỗ Thị Lan Anh', title: 'Ủy viên UBND' },
    ];
    expect(inProtocolOrder(people, (p) => p).map((p) => p.fullName)).toEqual([
      'Trần Quốc Hưng',
      'Nguyễn Thị Thu Hà',
      'Lê Hoàng Nam',
      'Đỗ Thị Lan Anh',
      'Đặng Quang Huy',
      'Bùi Thị Hương',
      'Lý Văn Phúc',
      'Phan Thị Mai',
    ]);
  });

  it('collates Vietnamese letters in their alphabet order (a < ă < â, d < đ, u < ư)', () => {
    const sorted = ['Nguyễn Văn Đức', 'Trần Văn Dũng', 'Lê Thị Ân', 'Phạm Thị Ăn', 'Hồ Văn An', 'Vũ Thị Ưng', 'Mai Văn Uy'].sort(compareVietnameseNames);
    expect(sorted).toEqual(['Hồ Văn An', 'Phạm Thị Ăn', 'Lê Thị Ân', 'Trần Văn Dũng', 'Nguyễn Văn Đức', 'Mai Văn Uy', 'Vũ Thị Ưng']);
  });
});
