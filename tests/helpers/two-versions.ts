/**
 * Two versions of a draft decision (Vietnamese, three pages) for the "what changed" tests: from
 * version 1 to 2 a passage on page 1 is removed, a clause on page 2 is reworded, a passage is
 * added on page 3; everything else is the same text.
 */
export const INTRO = 'Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; xét đề nghị của Giám đốc Sở Tài chính tại Tờ trình số 125/TTr-STC, Ủy ban nhân dân thành phố quyết định các nội dung sau đây.';
export const KEPT_1 = 'Điều 2. Phạm vi áp dụng: các sở, ban, ngành, Ủy ban nhân dân các quận, huyện và các đơn vị sự nghiệp công lập trực thuộc thành phố.';
export const REMOVED = 'Điều 3. Các đơn vị gửi báo cáo bằng văn bản giấy về Văn phòng Ủy ban nhân dân thành phố trước ngày 15 hằng tháng.';
export const CHANGED_OLD = 'Điều 4. Tổng kinh phí thực hiện đề án là 120 tỷ đồng, bố trí trong giai đoạn 2026 - 2030 do Sở Tài chính chủ trì tham mưu phân bổ hằng năm.';
export const CHANGED_NEW = 'Điều 4. Tổng kinh phí thực hiện đề án là 120 tỷ đồng, bố trí trong giai đoạn 2026 - 2028 do Sở Kế hoạch và Đầu tư chủ trì tham mưu phân bổ hằng năm.';
export const KEPT_2 = 'Điều 5. Sở Nội vụ hướng dẫn việc sắp xếp tổ chức bộ máy, biên chế của các đơn vị theo quy định hiện hành của pháp luật.';
export const KEPT_3 = 'Điều 6. Sở Thông tin và Truyền thông bảo đảm hạ tầng kỹ thuật, an toàn thông tin cho hệ thống phòng họp không giấy của thành phố.';
export const ADDED = 'Điều 7. Giao Văn phòng Ủy ban nhân dân thành phố theo dõi, đôn đốc và báo cáo kết quả thực hiện vào phiên họp thường kỳ cuối mỗi quý.';
export const KEPT_4 = 'Điều 8. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Ủy ban nhân dân thành phố, Giám đốc các sở và các cơ quan liên quan chịu trách nhiệm thi hành.';

export const V1 = [[INTRO, REMOVED, KEPT_1], [CHANGED_OLD, KEPT_2], [KEPT_3, KEPT_4]];
export const V2 = [[INTRO, KEPT_1], [CHANGED_NEW, KEPT_2], [KEPT_3, ADDED, KEPT_4]];
