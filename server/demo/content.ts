/**
 * The demo committee that `--seed demo` loads: a city People's Committee with its chair, vice
 * chairs, department heads, secretariat, a ward chairman as guest and an administrator; three
 * meetings (two weeks ago, today, next week) with realistic Vietnamese agendas and papers.
 * Names are invented. Every string is NFC.
 */
import type { DemoContent, DemoDocument, DemoOrganisation } from './content-types';

const CITY = 'Hà Nội';

/** Legal grounds that open most submissions ("Căn cứ …;"). */
function grounds(...laws: string[]): string[] {
  return ['Căn cứ Luật Tổ chức chính quyền địa phương năm 2025;', ...laws.map((law) => `Căn cứ ${law};`)];
}

/** "Nơi nhận" list: the addressees, then the usual copies and the archive line. */
function recipients(...first: string[]): string[] {
  return [...first, 'Chủ tịch, các Phó Chủ tịch UBND thành phố;', 'Văn phòng UBND thành phố;', 'Lưu: VT.'];
}

const DIRECTOR_FINANCE = { position: 'Giám đốc', name: 'Đỗ Thị Lan Anh' };
const DIRECTOR_PLANNING = { position: 'Giám đốc', name: 'Vũ Minh Tuấn' };
const DIRECTOR_CONSTRUCTION = { position: 'Giám đốc', name: 'Hoàng Văn Sơn' };
const DIRECTOR_TRANSPORT = { position: 'Giám đốc', name: 'Bùi Thị Hương' };

// ---------------------------------------------------------------------------------------------
// Meeting 1 (two weeks ago): public investment disbursement.
// ---------------------------------------------------------------------------------------------

const disbursementReport: DemoDocument = {
  title: 'Báo cáo tình hình giải ngân kế hoạch vốn đầu tư công 9 tháng năm 2026',
  fileName: 'bao-cao-giai-ngan-dau-tu-cong-9-thang.pdf',
  classification: 'public',
  number: 'Số: 412/BC-SKHĐT',
  issuer: 'Sở Kế hoạch và Đầu tư',
  signer: DIRECTOR_PLANNING,
  recipients: recipients('Ủy ban nhân dân thành phố;', 'Sở Tài chính;', 'Kho bạc Nhà nước khu vực I;'),
  paragraphs: [
    'Thực hiện chỉ đạo của Ủy ban nhân dân thành phố tại phiên họp thường kỳ và Nghị quyết của Hội đồng nhân dân thành phố về kế hoạch đầu tư công năm 2026, Sở Kế hoạch và Đầu tư báo cáo tình hình giải ngân kế hoạch vốn đầu tư công 9 tháng năm 2026 như sau:',
    'I. TÌNH HÌNH GIẢI NGÂN',
    'Tổng kế hoạch vốn đầu tư công năm 2026 của thành phố được Hội đồng nhân dân thành phố giao là 82.450 tỷ đồng, trong đó vốn ngân sách thành phố 61.230 tỷ đồng, vốn ngân sách Trung ương hỗ trợ có mục tiêu 8.920 tỷ đồng, vốn bổ sung có mục tiêu cho ngân sách cấp xã 12.300 tỷ đồng. Tính đến hết ngày 30 tháng 9 năm 2026, giá trị giải ngân đạt 45.872 tỷ đồng, bằng 55,6% kế hoạch, cao hơn 7,2 điểm phần trăm so với cùng kỳ năm trước và cao hơn mức bình quân chung của cả nước.',
    'Một số chủ đầu tư có tỷ lệ giải ngân cao như Ban Quản lý dự án đầu tư xây dựng công trình giao thông thành phố đạt 71,3%, Ban Quản lý dự án đầu tư xây dựng công trình dân dụng thành phố đạt 66,8%, các phường Hoàn Kiếm, Ba Đình, Cầu Giấy đạt trên 65%. Các dự án trọng điểm như đường Vành đai 4 - Vùng Thủ đô, cầu Trần Hưng Đạo, tuyến đường sắt đô thị số 3 đoạn Ga Hà Nội - Hoàng Mai được tập trung chỉ đạo, bảo đảm tiến độ theo kế hoạch.',
    'Tuy nhiên, vẫn còn 37 chủ đầu tư có tỷ lệ giải ngân dưới mức bình quân của thành phố, trong đó 12 chủ đầu tư giải ngân dưới 30% kế hoạch vốn được giao. Danh mục các dự án chậm giải ngân được tổng hợp tại Phụ lục kèm theo báo cáo này.',
    'II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN',
    'Thứ nhất, công tác giải phóng mặt bằng tại một số dự án còn chậm, nhất là các dự án đi qua khu dân cư hiện hữu; việc xác định nguồn gốc đất, lập phương án bồi thường, hỗ trợ, tái định cư còn kéo dài. Thứ hai, giá nguyên vật liệu xây dựng biến động, nguồn cung cát, đất đắp nền tại một số thời điểm khan hiếm, ảnh hưởng đến tiến độ thi công. Thứ ba, năng lực của một số chủ đầu tư, nhà thầu tư vấn và nhà thầu thi công còn hạn chế; công tác lập, thẩm định hồ sơ quyết toán chưa kịp thời. Thứ tư, việc sắp xếp tổ chức bộ máy chính quyền địa phương hai cấp làm thay đổi chủ đầu tư của một số dự án, cần thời gian bàn giao hồ sơ, tài liệu.',
    'III. NHIỆM VỤ, GIẢI PHÁP TRONG THỜI GIAN TỚI',
    'Để phấn đấu giải ngân 100% kế hoạch vốn đầu tư công năm 2026, Sở Kế hoạch và Đầu tư đề nghị Ủy ban nhân dân thành phố chỉ đạo các chủ đầu tư xây dựng kế hoạch giải ngân chi tiết theo từng tháng, từng dự án; gắn trách nhiệm của người đứng đầu với kết quả giải ngân; kiên quyết điều chuyển vốn từ các dự án chậm giải ngân sang các dự án có khả năng giải ngân tốt hơn và còn thiếu vốn.',
    'Các sở, ngành tăng cường phối hợp, rút ngắn thời gian thẩm định, phê duyệt dự án, thiết kế và dự toán; Sở Xây dựng chủ trì kiểm soát nguồn cung và giá vật liệu xây dựng; Ủy ban nhân dân các phường, xã đẩy nhanh công tác giải phóng mặt bằng, tập trung tháo gỡ dứt điểm các vướng mắc tồn đọng. Kho bạc Nhà nước thực hiện kiểm soát chi kịp thời, đúng quy định ngay khi có khối lượng hoàn thành.',
    'Sở Kế hoạch và Đầu tư kính báo cáo Ủy ban nhân dân thành phố xem xét, chỉ đạo./.',
  ],
};

const slowProjectsAnnex: DemoDocument = {
  title: 'Phụ lục: Danh mục dự án chậm giải ngân vốn đầu tư công năm 2026',
  fileName: 'phu-luc-du-an-cham-giai-ngan.pdf',
  classification: 'internal',
  number: 'Số: 412/BC-SKHĐT (Phụ lục)',
  issuer: 'Sở Kế hoạch và Đầu tư',
  paragraphs: [
    '(Kèm theo Báo cáo số 412/BC-SKHĐT của Sở Kế hoạch và Đầu tư về tình hình giải ngân vốn đầu tư công 9 tháng năm 2026)',
    '1. Dự án cải tạo, nâng cấp đường Âu Cơ - Nghi Tàm: kế hoạch vốn 1.250 tỷ đồng, đã giải ngân 186 tỷ đồng, đạt 14,9%. Nguyên nhân: vướng mắc giải phóng mặt bằng 23 hộ dân tại phường Hồng Hà; đề xuất điều chuyển 600 tỷ đồng.',
    '2. Dự án xây dựng Trường trung học phổ thông chất lượng cao khu vực phía Tây: kế hoạch vốn 420 tỷ đồng, đã giải ngân 97 tỷ đồng, đạt 23,1%. Nguyên nhân: điều chỉnh thiết kế cơ sở theo yêu cầu phòng cháy, chữa cháy; đề xuất giữ nguyên kế hoạch vốn và yêu cầu chủ đầu tư cam kết tiến độ.',
    '3. Dự án xây dựng Bệnh viện đa khoa khu vực phía Nam (giai đoạn 2): kế hoạch vốn 980 tỷ đồng, đã giải ngân 251 tỷ đồng, đạt 25,6%. Nguyên nhân: lựa chọn nhà thầu cung cấp thiết bị y tế phải tổ chức lại do không có nhà thầu đáp ứng; đề xuất điều chuyển 300 tỷ đồng.',
    '4. Dự án cải tạo hệ thống thoát nước lưu vực sông Nhuệ: kế hoạch vốn 1.640 tỷ đồng, đã giải ngân 472 tỷ đồng, đạt 28,8%. Nguyên nhân: di chuyển hạ tầng kỹ thuật ngầm chậm; đề xuất giữ nguyên kế hoạch vốn.',
    '5. Dự án xây dựng Trung tâm dữ liệu thành phố: kế hoạch vốn 560 tỷ đồng, đã giải ngân 162 tỷ đồng, đạt 28,9%. Nguyên nhân: điều chỉnh chủ trương đầu tư theo kiến trúc chính quyền số của thành phố; đề xuất điều chuyển 150 tỷ đồng.',
    '6. Dự án cải tạo, nâng cấp tuyến đê hữu Hồng đoạn qua phường Long Biên: kế hoạch vốn 310 tỷ đồng, đã giải ngân 88 tỷ đồng, đạt 28,4%. Nguyên nhân: chờ ý kiến thỏa thuận của cơ quan chuyên ngành về đê điều; đề xuất giữ nguyên kế hoạch vốn.',
    '7. Dự án xây dựng hạ tầng kỹ thuật khu tái định cư phường Hoàng Liệt: kế hoạch vốn 275 tỷ đồng, đã giải ngân 79 tỷ đồng, đạt 28,7%. Nguyên nhân: điều chỉnh quy hoạch chi tiết tỷ lệ 1/500; đề xuất giữ nguyên kế hoạch vốn, yêu cầu hoàn thành điều chỉnh quy hoạch trong tháng tới.',
    'Tổng số vốn đề xuất điều chuyển: 1.050 tỷ đồng, bổ sung cho các dự án giao thông trọng điểm có khối lượng hoàn thành lớn và còn thiếu vốn.',
  ],
};

const adjustmentSubmission: DemoDocument = {
  title: 'Tờ trình về việc điều chỉnh kế hoạch đầu tư công năm 2026 nguồn vốn ngân sách thành phố',
  fileName: 'to-trinh-dieu-chinh-ke-hoach-dau-tu-cong-2026.pdf',
  classification: 'public',
  number: 'Số: 3125/TTr-STC',
  issuer: 'Sở Tài chính',
  signer: DIRECTOR_FINANCE,
  recipients: recipients('Như trên;', 'Sở Kế hoạch và Đầu tư;'),
  paragraphs: [
    'Kính gửi: Ủy ban nhân dân thành phố Hà Nội.',
    ...grounds(
      'Luật Đầu tư công năm 2024',
      'Luật Ngân sách nhà nước năm 2025',
      'Nghị quyết của Hội đồng nhân dân thành phố về kế hoạch đầu tư công năm 2026',
    ),
    'Sở Tài chính kính trình Ủy ban nhân dân thành phố xem xét, quyết định điều chỉnh kế hoạch đầu tư công năm 2026 nguồn vốn ngân sách thành phố với các nội dung chủ yếu như sau:',
    'I. SỰ CẦN THIẾT ĐIỀU CHỈNH',
    'Qua rà soát tình hình thực hiện và giải ngân đến hết quý III, nhiều dự án có khả năng không giải ngân hết kế hoạch vốn được giao do vướng mắc giải phóng mặt bằng, điều chỉnh thiết kế hoặc tổ chức lại lựa chọn nhà thầu. Trong khi đó, một số dự án giao thông trọng điểm có khối lượng hoàn thành lớn, cần bổ sung vốn để thanh toán cho nhà thầu và bảo đảm tiến độ hoàn thành theo kế hoạch. Việc điều chỉnh kế hoạch đầu tư công là cần thiết nhằm sử dụng hiệu quả nguồn vốn, tránh tình trạng vốn chờ dự án.',
    'II. NGUYÊN TẮC ĐIỀU CHỈNH',
    'Việc điều chỉnh bảo đảm không làm tăng tổng mức kế hoạch đầu tư công năm 2026 đã được Hội đồng nhân dân thành phố quyết định; chỉ điều chỉnh giữa các dự án trong cùng nguồn vốn; ưu tiên bố trí cho các dự án đã hoàn thành, dự án chuyển tiếp có khả năng hoàn thành trong năm và các dự án trọng điểm, có tính liên kết vùng; không bố trí vốn cho dự án chưa đủ thủ tục đầu tư theo quy định của Luật Đầu tư công.',
    'III. NỘI DUNG ĐIỀU CHỈNH',
    'Điều chỉnh giảm 1.050 tỷ đồng kế hoạch vốn của 5 dự án chậm giải ngân, gồm: dự án cải tạo, nâng cấp đường Âu Cơ - Nghi Tàm giảm 600 tỷ đồng; dự án xây dựng Bệnh viện đa khoa khu vực phía Nam giai đoạn 2 giảm 300 tỷ đồng; dự án xây dựng Trung tâm dữ liệu thành phố giảm 150 tỷ đồng.',
    'Điều chỉnh tăng tương ứng 1.050 tỷ đồng cho 4 dự án có khối lượng hoàn thành lớn, gồm: dự án đường Vành đai 4 - Vùng Thủ đô đoạn qua thành phố tăng 550 tỷ đồng; dự án cầu Trần Hưng Đạo tăng 250 tỷ đồng; dự án xây dựng tuyến đường trục phía Nam tăng 150 tỷ đồng; dự án cải tạo nút giao Kim Liên tăng 100 tỷ đồng.',
    'Sau khi điều chỉnh, tổng kế hoạch vốn đầu tư công năm 2026 nguồn vốn ngân sách thành phố không thay đổi. Các dự án được điều chỉnh giảm vẫn được bố trí đủ vốn để thanh toán khối lượng đã thực hiện và tiếp tục triển khai theo tiến độ mới được phê duyệt.',
    'IV. KIẾN NGHỊ',
    'Sở Tài chính kính đề nghị Ủy ban nhân dân thành phố đồng ý với phương án điều chỉnh nêu trên và ban hành Quyết định điều chỉnh kế hoạch đầu tư công năm 2026; giao các chủ đầu tư khẩn trương hoàn thiện hồ sơ thanh toán, giải ngân ngay sau khi được giao bổ sung vốn; báo cáo Thường trực Hội đồng nhân dân thành phố tại phiên họp gần nhất.',
    'Sở Tài chính kính trình Ủy ban nhân dân thành phố xem xét, quyết định./.',
  ],
};

const adjustmentDecisionDraft: DemoDocument = {
  title: 'Dự thảo Quyết định về việc điều chỉnh kế hoạch đầu tư công năm 2026',
  fileName: 'du-thao-quyet-dinh-dieu-chinh-ke-hoach-2026.pdf',
  classification: 'public',
  number: 'Số:        /QĐ-UBND',
  issuer: 'Ủy ban nhân dân thành phố Hà Nội',
  signer: { authority: 'TM. Ủy ban nhân dân', position: 'Chủ tịch', name: '' },
  recipients: recipients('Như Điều 3;', 'Thường trực Thành ủy;', 'Thường trực HĐND thành phố;'),
  paragraphs: [
    'ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI',
    ...grounds('Luật Đầu tư công năm 2024', 'Luật Ngân sách nhà nước năm 2025'),
    'Theo đề nghị của Giám đốc Sở Tài chính tại Tờ trình số 3125/TTr-STC.',
    'QUYẾT ĐỊNH:',
    'Điều 1. Điều chỉnh kế hoạch đầu tư công năm 2026 nguồn vốn ngân sách thành phố: điều chỉnh giảm 1.050 tỷ đồng của 5 dự án chậm giải ngân và điều chỉnh tăng tương ứng 1.050 tỷ đồng cho 4 dự án có khối lượng hoàn thành lớn (chi tiết tại Phụ lục kèm theo).',
    'Điều 2. Các chủ đầu tư có trách nhiệm quản lý, sử dụng vốn đúng mục đích, hiệu quả; giải ngân hết kế hoạch vốn được giao trước ngày 31 tháng 01 năm 2027; chịu trách nhiệm trước pháp luật và Ủy ban nhân dân thành phố về tính chính xác của số liệu báo cáo.',
    'Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Ủy ban nhân dân thành phố, Giám đốc các Sở: Tài chính, Kế hoạch và Đầu tư; Giám đốc Kho bạc Nhà nước khu vực I; Thủ trưởng các đơn vị và chủ đầu tư có liên quan chịu trách nhiệm thi hành Quyết định này./.',
  ],
};

const clearanceReport: DemoDocument = {
  title: 'Báo cáo kết quả công tác giải phóng mặt bằng các dự án trọng điểm',
  fileName: 'bao-cao-giai-phong-mat-bang.pdf',
  classification: 'internal',
  number: 'Số: 287/BC-SXD',
  issuer: 'Sở Xây dựng',
  signer: DIRECTOR_CONSTRUCTION,
  recipients: recipients('Ủy ban nhân dân thành phố;', 'UBND các phường, xã có dự án;'),
  paragraphs: [
    'Thực hiện nhiệm vụ được Ủy ban nhân dân thành phố giao, Sở Xây dựng báo cáo kết quả công tác giải phóng mặt bằng các dự án trọng điểm của thành phố đến hết quý III năm 2026 như sau:',
    'I. KẾT QUẢ THỰC HIỆN',
    'Thành phố hiện có 28 dự án trọng điểm phải thực hiện giải phóng mặt bằng với tổng diện tích thu hồi khoảng 1.126 ha, liên quan đến 14.820 hộ gia đình, cá nhân và 312 tổ chức. Đến nay đã bàn giao mặt bằng 968 ha, đạt 86%; đã chi trả tiền bồi thường, hỗ trợ cho 13.105 hộ với tổng kinh phí 18.640 tỷ đồng; đã bố trí tái định cư cho 2.310 hộ tại các khu tái định cư tập trung.',
    'Dự án đường Vành đai 4 - Vùng Thủ đô đã bàn giao 99,2% diện tích; dự án cầu Trần Hưng Đạo đã hoàn thành kiểm đếm, đang lập phương án bồi thường đối với 1.162 hộ dân ở hai đầu cầu; dự án tuyến đường sắt đô thị số 3 đoạn Ga Hà Nội - Hoàng Mai đã bàn giao mặt bằng các ga ngầm C9, C10.',
    'II. KHÓ KHĂN, VƯỚNG MẮC',
    'Việc xác định nguồn gốc đất, thời điểm sử dụng đất tại nhiều khu vực còn phức tạp do hồ sơ địa chính qua các thời kỳ không đầy đủ. Một số hộ dân chưa đồng ý với đơn giá bồi thường, đề nghị được bố trí tái định cư tại chỗ. Quỹ nhà tái định cư tại khu vực nội đô còn thiếu, chưa đáp ứng nhu cầu. Sau khi sắp xếp chính quyền địa phương hai cấp, một số phường, xã mới cần thời gian kiện toàn Hội đồng bồi thường, hỗ trợ, tái định cư.',
    'III. ĐỀ XUẤT, KIẾN NGHỊ',
    'Sở Xây dựng đề nghị Ủy ban nhân dân thành phố giao Sở Nông nghiệp và Môi trường hướng dẫn thống nhất việc xác định nguồn gốc đất; giao Sở Tài chính sớm thẩm định bảng giá đất cụ thể; chỉ đạo các phường, xã tăng cường tuyên truyền, vận động, đối thoại với người dân, bảo đảm công khai, minh bạch, đúng pháp luật; xem xét bố trí thêm quỹ nhà tái định cư tại các dự án nhà ở xã hội đã hoàn thành.',
    'Đối với các trường hợp đã được vận động, thuyết phục nhiều lần nhưng không chấp hành, đề nghị thực hiện cưỡng chế thu hồi đất theo quy định, bảo đảm an toàn, đúng trình tự, thủ tục và không để phát sinh điểm nóng về an ninh trật tự.',
    'Sở Xây dựng kính báo cáo Ủy ban nhân dân thành phố xem xét, chỉ đạo./.',
  ],
};

const conclusionDraft: DemoDocument = {
  title: 'Dự thảo Thông báo kết luận của Chủ tịch UBND thành phố tại phiên họp chuyên đề về giải ngân vốn đầu tư công',
  fileName: 'du-thao-thong-bao-ket-luan.pdf',
  classification: 'internal',
  number: 'Số:        /TB-VP',
  issuer: 'Văn phòng UBND thành phố',
  signer: { authority: 'KT. Chánh Văn phòng', position: 'Phó Chánh Văn phòng', name: 'Lê Thị Ngọc Bích' },
  recipients: recipients('Các sở, ban, ngành thành phố;', 'UBND các phường, xã;'),
  paragraphs: [
    'Chủ tịch Ủy ban nhân dân thành phố đánh giá cao sự cố gắng của các sở, ngành, chủ đầu tư trong việc đẩy nhanh tiến độ giải ngân vốn đầu tư công; tỷ lệ giải ngân 9 tháng cao hơn cùng kỳ năm trước. Tuy nhiên, tiến độ giải ngân vẫn chưa đạt yêu cầu đề ra; còn nhiều chủ đầu tư giải ngân dưới mức bình quân.',
    'Chủ tịch Ủy ban nhân dân thành phố đồng ý về nguyên tắc với phương án điều chỉnh kế hoạch đầu tư công năm 2026 theo Tờ trình số 3125/TTr-STC của Sở Tài chính; giao Sở Tài chính hoàn thiện hồ sơ, trình ban hành Quyết định trước ngày 15 tháng 10.',
    'Yêu cầu Thủ trưởng các sở, ngành, Chủ tịch Ủy ban nhân dân các phường, xã và các chủ đầu tư xác định giải ngân vốn đầu tư công là nhiệm vụ chính trị trọng tâm; người đứng đầu chịu trách nhiệm trước Chủ tịch Ủy ban nhân dân thành phố về kết quả giải ngân của đơn vị mình.',
    'Giao Sở Xây dựng chủ trì, phối hợp với các phường, xã tập trung tháo gỡ dứt điểm các vướng mắc về giải phóng mặt bằng của các dự án trọng điểm; báo cáo kết quả tại phiên họp thường kỳ tháng tới.',
    'Giao Sở Kế hoạch và Đầu tư tổng hợp tình hình giải ngân hằng tuần, công khai trên Cổng thông tin điện tử thành phố danh sách các chủ đầu tư có tỷ lệ giải ngân thấp; đề xuất hình thức xử lý trách nhiệm đối với tập thể, cá nhân thiếu trách nhiệm, gây chậm trễ trong giải ngân vốn đầu tư công.',
    'Giao Sở Tài chính phối hợp Kho bạc Nhà nước rút ngắn thời gian kiểm soát, thanh toán vốn; hướng dẫn các phường, xã mới sau sắp xếp về trình tự, thủ tục tiếp nhận, quản lý các dự án được bàn giao, bảo đảm không để gián đoạn giải ngân. Giao Văn phòng Ủy ban nhân dân thành phố theo dõi, đôn đốc việc thực hiện các nội dung kết luận này.',
    'Văn phòng Ủy ban nhân dân thành phố thông báo để các cơ quan, đơn vị biết, thực hiện./.',
  ],
};

// ---------------------------------------------------------------------------------------------
// Meeting 2 (today): the regular monthly session.
// ---------------------------------------------------------------------------------------------

const socioEconomicReport: DemoDocument = {
  title: 'Báo cáo tình hình kinh tế - xã hội, quốc phòng - an ninh và nhiệm vụ trọng tâm thời gian tới',
  fileName: 'bao-cao-kinh-te-xa-hoi.pdf',
  classification: 'public',
  number: 'Số: 455/BC-SKHĐT',
  issuer: 'Sở Kế hoạch và Đầu tư',
  signer: DIRECTOR_PLANNING,
  recipients: recipients('Ủy ban nhân dân thành phố;', 'Các sở, ban, ngành thành phố;'),
  paragraphs: [
    'Sở Kế hoạch và Đầu tư tổng hợp, báo cáo Ủy ban nhân dân thành phố tình hình kinh tế - xã hội, quốc phòng - an ninh trong tháng và nhiệm vụ, giải pháp trọng tâm thời gian tới như sau:',
    'I. TÌNH HÌNH KINH TẾ',
    'Kinh tế thành phố tiếp tục duy trì đà tăng trưởng tích cực. Tổng sản phẩm trên địa bàn (GRDP) 9 tháng ước tăng 7,9% so với cùng kỳ; chỉ số sản xuất công nghiệp tăng 8,6%; tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng tăng 11,2%; kim ngạch xuất khẩu ước đạt 16,4 tỷ USD, tăng 9,8%. Chỉ số giá tiêu dùng bình quân tăng 3,1%, trong phạm vi mục tiêu đề ra.',
    'Thu ngân sách nhà nước trên địa bàn ước đạt 412.600 tỷ đồng, bằng 80,3% dự toán năm, tăng 14,5% so với cùng kỳ. Giải ngân vốn đầu tư công đạt 55,6% kế hoạch. Thu hút vốn đầu tư trực tiếp nước ngoài đạt 3,2 tỷ USD; có 22.450 doanh nghiệp thành lập mới với tổng vốn đăng ký 286.000 tỷ đồng. Hoạt động du lịch phục hồi mạnh, tổng lượng khách ước đạt 22,8 triệu lượt, tăng 10,6%.',
    'II. VĂN HÓA - XÃ HỘI',
    'Ngành giáo dục chuẩn bị tốt các điều kiện cho năm học mới, đưa vào sử dụng 48 công trình trường học. Công tác y tế, phòng chống dịch bệnh được triển khai chủ động; thành phố kiểm soát tốt dịch sốt xuất huyết trong cao điểm mùa mưa. Các chính sách an sinh xã hội được thực hiện đầy đủ, kịp thời; đã hỗ trợ xây mới, sửa chữa 1.240 căn nhà cho hộ nghèo, hộ cận nghèo và gia đình có hoàn cảnh khó khăn.',
    'III. QUỐC PHÒNG - AN NINH',
    'Tình hình chính trị, trật tự an toàn xã hội trên địa bàn được giữ vững; tổ chức bảo vệ tuyệt đối an toàn các sự kiện chính trị, đối ngoại quan trọng. Tai nạn giao thông giảm cả ba tiêu chí so với cùng kỳ. Công tác quân sự địa phương, giáo dục quốc phòng và an ninh được thực hiện theo kế hoạch.',
    'IV. NHIỆM VỤ TRỌNG TÂM THỜI GIAN TỚI',
    'Tập trung hoàn thành các chỉ tiêu kinh tế - xã hội năm 2026; đẩy mạnh giải ngân vốn đầu tư công, phấn đấu đạt 100% kế hoạch; chuẩn bị dự toán ngân sách và kế hoạch đầu tư công năm 2027 trình Hội đồng nhân dân thành phố; triển khai Đề án phát triển giao thông công cộng; tiếp tục vận hành ổn định mô hình chính quyền địa phương hai cấp, đẩy mạnh chuyển đổi số, cải cách thủ tục hành chính; chăm lo đời sống Nhân dân dịp cuối năm và Tết Nguyên đán.',
    'Sở Kế hoạch và Đầu tư kính báo cáo Ủy ban nhân dân thành phố./.',
  ],
};

const budgetSubmission: DemoDocument = {
  title: 'Tờ trình về dự toán ngân sách nhà nước và phương án phân bổ ngân sách thành phố năm 2027',
  fileName: 'to-trinh-du-toan-ngan-sach-2027.pdf',
  classification: 'public',
  number: 'Số: 3480/TTr-STC',
  issuer: 'Sở Tài chính',
  signer: DIRECTOR_FINANCE,
  recipients: recipients('Như trên;', 'Sở Kế hoạch và Đầu tư;', 'Cục Thuế thành phố;'),
  paragraphs: [
    'Kính gửi: Ủy ban nhân dân thành phố Hà Nội.',
    ...grounds('Luật Ngân sách nhà nước năm 2025', 'Luật Thủ đô năm 2024', 'Quyết định của Thủ tướng Chính phủ về giao dự toán ngân sách nhà nước năm 2027'),
    'Sở Tài chính kính trình Ủy ban nhân dân thành phố dự toán thu, chi ngân sách nhà nước và phương án phân bổ ngân sách thành phố năm 2027 như sau:',
    'I. DỰ TOÁN THU NGÂN SÁCH NHÀ NƯỚC',
    'Tổng thu ngân sách nhà nước trên địa bàn năm 2027 dự kiến 548.200 tỷ đồng, tăng 6,8% so với ước thực hiện năm 2026, trong đó thu nội địa 511.900 tỷ đồng, thu từ hoạt động xuất nhập khẩu 36.300 tỷ đồng. Dự toán được xây dựng trên cơ sở tích cực, sát thực tế, tính đủ các khoản thu phát sinh; tiếp tục thực hiện các chính sách miễn, giảm, gia hạn thuế để hỗ trợ doanh nghiệp.',
    'II. DỰ TOÁN CHI NGÂN SÁCH ĐỊA PHƯƠNG',
    'Tổng chi ngân sách địa phương dự kiến 168.750 tỷ đồng, trong đó chi đầu tư phát triển 86.400 tỷ đồng, chiếm 51,2% tổng chi; chi thường xuyên 74.980 tỷ đồng; dự phòng ngân sách 3.370 tỷ đồng; chi tạo nguồn cải cách tiền lương theo quy định. Chi đầu tư công tập trung cho các dự án giao thông kết nối vùng, hạ tầng đô thị, y tế, giáo dục và chuyển đổi số.',
    'Chi thường xuyên được bố trí bảo đảm hoạt động của bộ máy chính quyền địa phương hai cấp, thực hiện đầy đủ các chính sách an sinh xã hội; tiếp tục tiết kiệm 10% chi thường xuyên tăng thêm để tạo nguồn cải cách tiền lương; không bố trí kinh phí mua sắm xe ô tô công, hạn chế tổ chức hội nghị, hội thảo, đi công tác nước ngoài.',
    'III. PHƯƠNG ÁN PHÂN BỔ',
    'Ngân sách cấp thành phố 121.300 tỷ đồng; ngân sách cấp xã 47.450 tỷ đồng, được phân bổ theo định mức dân số, diện tích và các tiêu chí bổ sung đã được Hội đồng nhân dân thành phố quy định. Bổ sung có mục tiêu cho các phường, xã thực hiện các dự án hạ tầng thiết yếu, chỉnh trang đô thị và xây dựng nông thôn mới nâng cao.',
    'IV. KIẾN NGHỊ',
    'Sở Tài chính kính đề nghị Ủy ban nhân dân thành phố thông qua dự toán và phương án phân bổ nêu trên; đồng ý trình Hội đồng nhân dân thành phố xem xét, ban hành Nghị quyết về dự toán ngân sách nhà nước năm 2027 tại kỳ họp cuối năm (dự thảo Nghị quyết kèm theo).',
    'Sở Tài chính kính trình Ủy ban nhân dân thành phố xem xét, quyết định./.',
  ],
};

const budgetResolutionDraft: DemoDocument = {
  title: 'Dự thảo Nghị quyết về dự toán ngân sách nhà nước năm 2027 của thành phố Hà Nội',
  fileName: 'du-thao-nghi-quyet-du-toan-2027.pdf',
  classification: 'public',
  number: 'Số:        /2026/NQ-HĐND',
  issuer: 'Hội đồng nhân dân thành phố Hà Nội',
  signer: { position: 'Chủ tịch', name: '' },
  recipients: ['Ủy ban Thường vụ Quốc hội;', 'Chính phủ;', 'Bộ Tài chính;', 'Thường trực Thành ủy;', 'Đại biểu HĐND thành phố;', 'Lưu: VT.'],
  paragraphs: [
    'HỘI ĐỒNG NHÂN DÂN THÀNH PHỐ HÀ NỘI',
    ...grounds('Luật Ngân sách nhà nước năm 2025', 'Luật Thủ đô năm 2024'),
    'Xét Tờ trình của Ủy ban nhân dân thành phố về dự toán ngân sách nhà nước năm 2027; Báo cáo thẩm tra của Ban Kinh tế - Ngân sách Hội đồng nhân dân thành phố; ý kiến thảo luận của đại biểu Hội đồng nhân dân thành phố tại kỳ họp.',
    'QUYẾT NGHỊ:',
    'Điều 1. Phê chuẩn dự toán thu ngân sách nhà nước trên địa bàn năm 2027 là 548.200 tỷ đồng; tổng chi ngân sách địa phương là 168.750 tỷ đồng, trong đó chi đầu tư phát triển 86.400 tỷ đồng, chi thường xuyên 74.980 tỷ đồng, dự phòng ngân sách 3.370 tỷ đồng.',
    'Điều 2. Giao Ủy ban nhân dân thành phố tổ chức thực hiện Nghị quyết; giao dự toán cho các sở, ngành và các phường, xã trước ngày 31 tháng 12 năm 2026; điều hành ngân sách chủ động, chặt chẽ, tiết kiệm; báo cáo Hội đồng nhân dân thành phố kết quả thực hiện tại kỳ họp giữa năm.',
    'Điều 3. Thường trực Hội đồng nhân dân, các Ban của Hội đồng nhân dân, các Tổ đại biểu và đại biểu Hội đồng nhân dân thành phố giám sát việc thực hiện Nghị quyết này.',
    'Nghị quyết này đã được Hội đồng nhân dân thành phố Hà Nội khóa XVII, kỳ họp thứ … thông qua và có hiệu lực kể từ ngày 01 tháng 01 năm 2027./.',
  ],
};

const transitProject: DemoDocument = {
  title: 'Đề án phát triển mạng lưới giao thông công cộng đô thị giai đoạn 2026 - 2035, tầm nhìn đến năm 2045',
  fileName: 'de-an-giao-thong-cong-cong.pdf',
  classification: 'public',
  number: 'Số: 1890/ĐA-SGTVT',
  issuer: 'Sở Giao thông vận tải',
  signer: DIRECTOR_TRANSPORT,
  recipients: recipients('Ủy ban nhân dân thành phố;', 'Sở Xây dựng;', 'Sở Tài chính;'),
  paragraphs: [
    'I. SỰ CẦN THIẾT XÂY DỰNG ĐỀ ÁN',
    'Dân số thành phố hiện nay khoảng 8,7 triệu người, cùng khoảng 8 triệu xe máy và hơn 1,2 triệu ô tô đang lưu hành; tình trạng ùn tắc giao thông, ô nhiễm không khí tại khu vực nội đô ngày càng nghiêm trọng. Vận tải hành khách công cộng mới đáp ứng khoảng 19% nhu cầu đi lại, thấp hơn nhiều so với mục tiêu đề ra. Việc xây dựng Đề án phát triển mạng lưới giao thông công cộng đô thị là yêu cầu cấp thiết, phù hợp với Quy hoạch Thủ đô và chủ trương phát triển đô thị theo định hướng giao thông công cộng (TOD).',
    'II. MỤC TIÊU',
    'Đến năm 2030, vận tải hành khách công cộng đáp ứng 30 - 35% nhu cầu đi lại; đến năm 2035 đạt 40 - 45%; đến năm 2045 đạt trên 55%. Hoàn thành và đưa vào khai thác 5 tuyến đường sắt đô thị với tổng chiều dài khoảng 130 km; 100% xe buýt sử dụng điện, năng lượng xanh; bảo đảm 100% khu dân cư tập trung có điểm dừng xe buýt trong phạm vi bán kính 500 m.',
    'III. NHIỆM VỤ VÀ GIẢI PHÁP',
    'Một là, đẩy nhanh đầu tư xây dựng các tuyến đường sắt đô thị theo cơ chế đặc thù của Luật Thủ đô năm 2024; ưu tiên các tuyến số 2 đoạn Nam Thăng Long - Thượng Đình, số 3 đoạn Ga Hà Nội - Hoàng Mai, số 5 Văn Cao - Hòa Lạc. Hai là, tái cấu trúc mạng lưới xe buýt thành các tuyến trục, tuyến gom kết nối với nhà ga đường sắt đô thị; chuyển đổi toàn bộ đoàn xe sang xe điện trước năm 2030.',
    'Ba là, xây dựng hệ thống vé điện tử liên thông, thanh toán không dùng tiền mặt trên tất cả các phương thức vận tải công cộng; ứng dụng trí tuệ nhân tạo trong điều hành giao thông. Bốn là, phát triển các bãi đỗ xe trung chuyển tại các cửa ngõ thành phố; từng bước hạn chế phương tiện cá nhân tại khu vực nội đô theo lộ trình. Năm là, phát triển đô thị theo định hướng giao thông công cộng, khai thác quỹ đất xung quanh nhà ga để tạo nguồn lực đầu tư.',
    'IV. NGUỒN LỰC THỰC HIỆN',
    'Tổng nhu cầu vốn giai đoạn 2026 - 2035 dự kiến khoảng 16,8 tỷ USD, trong đó vốn đầu tư công của thành phố khoảng 55%, vốn ngân sách Trung ương và vốn vay ưu đãi khoảng 25%, vốn huy động từ khai thác quỹ đất và hợp tác công tư khoảng 20%. Kế hoạch vốn chi tiết được tổng hợp vào kế hoạch đầu tư công trung hạn giai đoạn 2026 - 2030 và 2031 - 2035.',
    'V. TỔ CHỨC THỰC HIỆN',
    'Sở Giao thông vận tải là cơ quan thường trực, chủ trì theo dõi, đôn đốc thực hiện Đề án; các Sở Xây dựng, Tài chính, Kế hoạch và Đầu tư, Nông nghiệp và Môi trường theo chức năng, nhiệm vụ phối hợp thực hiện; Ủy ban nhân dân các phường, xã bố trí quỹ đất cho điểm dừng, bãi đỗ xe và tuyên truyền người dân sử dụng giao thông công cộng.',
    'Sở Giao thông vận tải kính trình Ủy ban nhân dân thành phố xem xét, thông qua Đề án./.',
  ],
};

const transitImpactReport: DemoDocument = {
  title: 'Báo cáo đánh giá tác động và nhu cầu vốn thực hiện Đề án phát triển giao thông công cộng',
  fileName: 'bao-cao-danh-gia-tac-dong-de-an-giao-thong.pdf',
  classification: 'internal',
  number: 'Số: 1891/BC-SGTVT',
  issuer: 'Sở Giao thông vận tải',
  signer: { authority: 'KT. Giám đốc', position: 'Phó Giám đốc', name: 'Trịnh Văn Khải' },
  recipients: recipients('Ủy ban nhân dân thành phố;', 'Sở Tài chính;'),
  paragraphs: [
    'I. TÁC ĐỘNG KINH TẾ - XÃ HỘI',
    'Theo kết quả mô phỏng của đơn vị tư vấn, khi Đề án được thực hiện đầy đủ, thời gian đi lại bình quân trong giờ cao điểm tại khu vực nội đô giảm khoảng 25%; thiệt hại kinh tế do ùn tắc giao thông giảm khoảng 1,1 tỷ USD mỗi năm. Lượng phát thải khí nhà kính từ phương tiện giao thông giảm khoảng 1,4 triệu tấn CO2 tương đương mỗi năm vào năm 2035.',
    'Đề án tác động đến khoảng 2.300 hộ dân phải di dời để xây dựng nhà ga, bãi đỗ xe trung chuyển; cần bố trí khoảng 1.500 căn hộ tái định cư. Các doanh nghiệp vận tải tư nhân phải chuyển đổi phương tiện, đòi hỏi chính sách hỗ trợ lãi suất và lộ trình hợp lý.',
    'II. NHU CẦU VỐN THEO GIAI ĐOẠN',
    'Giai đoạn 2026 - 2030: khoảng 7,2 tỷ USD, tập trung cho tuyến số 2, số 3 và chuyển đổi xe buýt điện. Giai đoạn 2031 - 2035: khoảng 9,6 tỷ USD cho tuyến số 5 và các tuyến mở rộng. Khả năng cân đối của ngân sách thành phố đáp ứng khoảng 55% nhu cầu; phần còn lại cần huy động từ vốn vay ưu đãi, trái phiếu chính quyền địa phương và khai thác quỹ đất.',
    'III. RỦI RO VÀ BIỆN PHÁP KIỂM SOÁT',
    'Rủi ro về chậm giải phóng mặt bằng, tăng tổng mức đầu tư và biến động tỷ giá đối với các khoản vay nước ngoài là đáng kể. Đề nghị lập Ban Chỉ đạo do Chủ tịch Ủy ban nhân dân thành phố làm Trưởng ban; áp dụng cơ chế kiểm soát chi phí theo từng gói thầu; công khai tiến độ định kỳ hằng quý; ưu tiên vốn đầu tư công cho công tác giải phóng mặt bằng trước một bước.',
    'IV. KẾT QUẢ LẤY Ý KIẾN',
    'Dự thảo Đề án đã được lấy ý kiến của các sở, ngành, Ủy ban nhân dân các phường, xã, các chuyên gia, hiệp hội vận tải và đăng tải trên Cổng thông tin điện tử thành phố trong 30 ngày. Đã nhận được 214 ý kiến góp ý, trong đó 87% ý kiến đồng ý với mục tiêu và lộ trình của Đề án. Các ý kiến còn lại chủ yếu đề nghị làm rõ lộ trình hạn chế xe máy, chính sách hỗ trợ người lao động trong lĩnh vực vận tải và phương án kết nối tại các nhà ga; Sở Giao thông vận tải đã tiếp thu, giải trình đầy đủ tại Báo cáo tổng hợp ý kiến gửi kèm hồ sơ.',
    'Người dân và doanh nghiệp đặc biệt quan tâm đến việc bảo đảm chất lượng dịch vụ xe buýt trong thời gian chuyển đổi phương tiện, giá vé hợp lý và khả năng tiếp cận của người cao tuổi, người khuyết tật. Đề nghị Ủy ban nhân dân thành phố giao Sở Giao thông vận tải xây dựng bộ tiêu chí chất lượng dịch vụ, công khai kết quả đánh giá hằng năm để người dân giám sát.',
    'Sở Giao thông vận tải kính báo cáo Ủy ban nhân dân thành phố./.',
  ],
};

const securityReport: DemoDocument = {
  title: 'Báo cáo tình hình an ninh trật tự, phòng chống tội phạm và bảo đảm trật tự an toàn giao thông',
  fileName: 'bao-cao-an-ninh-trat-tu.pdf',
  classification: 'confidential',
  number: 'Số: 1162/BC-CATP',
  issuer: 'Công an thành phố Hà Nội',
  parentIssuer: 'BỘ CÔNG AN',
  signer: { position: 'Giám đốc', name: 'Ngô Thành Long' },
  recipients: ['Chủ tịch UBND thành phố;', 'Lưu: VT, PV01.'],
  paragraphs: [
    'I. TÌNH HÌNH AN NINH CHÍNH TRỊ',
    'Tình hình an ninh chính trị trên địa bàn thành phố cơ bản ổn định. Lực lượng Công an đã chủ động nắm chắc tình hình, bảo vệ tuyệt đối an toàn các mục tiêu, công trình trọng điểm và các sự kiện chính trị, đối ngoại quan trọng diễn ra trên địa bàn. Tuy nhiên, các đối tượng xấu tiếp tục lợi dụng mạng xã hội để xuyên tạc, kích động liên quan đến công tác bồi thường, giải phóng mặt bằng tại một số dự án; khiếu kiện đông người tuy giảm nhưng vẫn tiềm ẩn nguy cơ phức tạp.',
    'II. TÌNH HÌNH TỘI PHẠM VÀ KẾT QUẢ ĐẤU TRANH',
    'Trong kỳ, toàn thành phố xảy ra 1.426 vụ phạm tội về trật tự xã hội, giảm 6,3% so với cùng kỳ; đã điều tra làm rõ 1.318 vụ, đạt tỷ lệ 92,4%, trong đó án rất nghiêm trọng và đặc biệt nghiêm trọng đạt 100%. Phát hiện 412 vụ vi phạm pháp luật về kinh tế, tham nhũng, chức vụ; triệt phá 37 đường dây lừa đảo chiếm đoạt tài sản qua không gian mạng với số tiền chiếm đoạt trên 320 tỷ đồng. Tội phạm ma túy được kiềm chế, bắt giữ 1.190 vụ với 1.645 đối tượng.',
    'III. TRẬT TỰ AN TOÀN GIAO THÔNG',
    'Xảy ra 402 vụ tai nạn giao thông, làm chết 218 người, bị thương 301 người; so với cùng kỳ giảm cả ba tiêu chí. Lực lượng chức năng đã xử lý trên 410.000 trường hợp vi phạm, tập trung vào vi phạm nồng độ cồn, chạy quá tốc độ, dừng đỗ sai quy định; hệ thống camera giám sát giao thông được mở rộng, hỗ trợ xử lý vi phạm qua hình ảnh tại 1.200 điểm.',
    'IV. DỰ BÁO VÀ ĐỀ XUẤT',
    'Dự báo thời gian tới, tội phạm sử dụng công nghệ cao, lừa đảo trực tuyến tiếp tục gia tăng; tình hình trật tự tại các khu vực giải phóng mặt bằng, các dự án đường sắt đô thị có thể phát sinh phức tạp. Công an thành phố đề nghị Ủy ban nhân dân thành phố chỉ đạo các sở, ngành và phường, xã phối hợp chặt chẽ trong công tác nắm tình hình, giải quyết dứt điểm các vụ việc khiếu kiện từ cơ sở; bố trí kinh phí mở rộng hệ thống camera giám sát an ninh, trật tự giai đoạn 2027 - 2030; chỉ đạo các cơ quan bảo vệ bí mật nhà nước khi khai thác tài liệu trên hệ thống phòng họp không giấy.',
    'Công an thành phố kính báo cáo Chủ tịch Ủy ban nhân dân thành phố./.',
  ],
};

// ---------------------------------------------------------------------------------------------
// Meeting 3 (next week): thematic session on the Tô Lịch river project.
// ---------------------------------------------------------------------------------------------

const riverSubmission: DemoDocument = {
  title: 'Tờ trình đề nghị phê duyệt chủ trương đầu tư Dự án cải tạo, phục hồi sông Tô Lịch',
  fileName: 'to-trinh-chu-truong-dau-tu-song-to-lich.pdf',
  classification: 'public',
  number: 'Số: 356/TTr-SXD',
  issuer: 'Sở Xây dựng',
  signer: DIRECTOR_CONSTRUCTION,
  recipients: recipients('Như trên;', 'Sở Tài chính;', 'Sở Nông nghiệp và Môi trường;'),
  paragraphs: [
    'Kính gửi: Ủy ban nhân dân thành phố Hà Nội.',
    ...grounds('Luật Đầu tư công năm 2024', 'Luật Thủ đô năm 2024', 'Luật Bảo vệ môi trường năm 2020'),
    'Sở Xây dựng kính trình Ủy ban nhân dân thành phố xem xét, trình Hội đồng nhân dân thành phố quyết định chủ trương đầu tư Dự án cải tạo, phục hồi sông Tô Lịch với các nội dung chính như sau:',
    '1. Mục tiêu đầu tư',
    'Cải tạo, phục hồi sông Tô Lịch thành trục cảnh quan, không gian công cộng xanh của Thủ đô; xử lý triệt để nước thải xả vào sông, bổ cập nước sạch để sông có dòng chảy thường xuyên; kết hợp tiêu thoát nước, chống ngập úng cho lưu vực khoảng 7.750 ha; xây dựng đường đi bộ, đường dành cho xe đạp, công viên ven sông, góp phần nâng cao chất lượng sống của Nhân dân.',
    '2. Quy mô đầu tư',
    'Chiều dài tuyến sông khoảng 14,6 km từ cống Bưởi đến đập Thanh Liệt. Các hạng mục chính gồm: xây dựng tuyến cống bao thu gom nước thải hai bên bờ và nâng công suất Nhà máy xử lý nước thải Yên Xá; nạo vét lòng sông, kè bờ bằng giải pháp sinh thái; bổ cập nước từ sông Hồng với lưu lượng khoảng 15 m3/s; xây dựng 28 km đường dạo, 9 cầu đi bộ, hệ thống chiếu sáng cảnh quan và các điểm công viên ven sông.',
    '3. Tổng mức đầu tư và nguồn vốn',
    'Sơ bộ tổng mức đầu tư khoảng 8.640 tỷ đồng, trong đó chi phí bồi thường, hỗ trợ, tái định cư khoảng 1.920 tỷ đồng. Nguồn vốn: ngân sách thành phố thuộc kế hoạch đầu tư công trung hạn giai đoạn 2026 - 2030. Dự án thuộc nhóm A, thời gian thực hiện từ năm 2027 đến năm 2030.',
    '4. Hiệu quả của dự án',
    'Dự án giải quyết tình trạng ô nhiễm kéo dài nhiều năm của sông Tô Lịch, cải thiện môi trường sống cho khoảng 1,2 triệu người dân trong lưu vực; tạo quỹ đất và không gian phát triển dịch vụ, du lịch dọc hai bên sông; góp phần thực hiện mục tiêu phát triển đô thị xanh, thông minh của Thủ đô. Dự án cũng giảm chi phí nạo vét, xử lý môi trường hằng năm mà ngân sách đang phải bố trí.',
    '5. Kiến nghị',
    'Sở Xây dựng kính đề nghị Ủy ban nhân dân thành phố đồng ý chủ trương đầu tư Dự án, giao Sở Xây dựng phối hợp Sở Tài chính hoàn thiện hồ sơ, trình Hội đồng nhân dân thành phố ban hành Nghị quyết quyết định chủ trương đầu tư tại kỳ họp gần nhất; giao Ủy ban nhân dân các phường dọc tuyến sông chủ động rà soát, chuẩn bị công tác giải phóng mặt bằng.',
    'Sở Xây dựng kính trình Ủy ban nhân dân thành phố xem xét, quyết định./.',
  ],
};

const riverFeasibility: DemoDocument = {
  title: 'Báo cáo đề xuất chủ trương đầu tư Dự án cải tạo, phục hồi sông Tô Lịch',
  fileName: 'bao-cao-de-xuat-chu-truong-song-to-lich.pdf',
  classification: 'public',
  number: 'Số: 357/BC-SXD',
  issuer: 'Sở Xây dựng',
  signer: { authority: 'KT. Giám đốc', position: 'Phó Giám đốc', name: 'Nguyễn Hữu Thành' },
  recipients: recipients('Ủy ban nhân dân thành phố;', 'Hội đồng thẩm định thành phố;'),
  paragraphs: [
    'I. HIỆN TRẠNG',
    'Sông Tô Lịch hiện là tuyến tiêu thoát nước chính của khu vực phía Tây và phía Nam nội đô, tiếp nhận khoảng 150.000 m3 nước thải mỗi ngày đêm. Chất lượng nước sông ô nhiễm nặng, nhiều chỉ tiêu vượt quy chuẩn cho phép từ 5 đến 10 lần; mùi hôi ảnh hưởng trực tiếp đến đời sống của người dân hai bên bờ. Kè bờ tại một số đoạn đã xuống cấp; lòng sông bị bồi lắng, giảm khả năng tiêu thoát nước trong mùa mưa.',
    'II. CÁC PHƯƠNG ÁN ĐÃ NGHIÊN CỨU',
    'Phương án 1: chỉ thu gom, xử lý nước thải và nạo vét lòng sông, tổng mức đầu tư khoảng 4.900 tỷ đồng; không giải quyết được yêu cầu tạo dòng chảy và cảnh quan. Phương án 2 (kiến nghị lựa chọn): thu gom, xử lý triệt để nước thải, bổ cập nước từ sông Hồng, kè sinh thái và xây dựng không gian công cộng dọc sông, tổng mức đầu tư khoảng 8.640 tỷ đồng. Phương án 3: cống hóa một phần tuyến sông để mở rộng đường giao thông; không được lựa chọn do trái với định hướng bảo tồn không gian mặt nước của Quy hoạch Thủ đô.',
    'III. ĐÁNH GIÁ SƠ BỘ TÁC ĐỘNG MÔI TRƯỜNG',
    'Trong quá trình thi công, dự án có thể phát sinh bụi, tiếng ồn, bùn thải nạo vét khoảng 620.000 m3. Bùn thải được phân loại, vận chuyển bằng phương tiện chuyên dụng đến bãi xử lý tập trung; thi công cuốn chiếu theo từng đoạn để hạn chế ảnh hưởng đến giao thông và sinh hoạt của người dân. Khi vận hành, dự án cải thiện rõ rệt chất lượng nước và không khí khu vực, tạo thêm khoảng 42 ha không gian xanh.',
    'IV. SƠ BỘ PHƯƠNG ÁN GIẢI PHÓNG MẶT BẰNG',
    'Dự kiến thu hồi khoảng 18,5 ha đất, ảnh hưởng đến 640 hộ gia đình, cá nhân và 12 tổ chức tại 6 phường dọc tuyến. Nhu cầu tái định cư khoảng 310 căn hộ, dự kiến bố trí tại các khu nhà tái định cư đã hoàn thành trên địa bàn. Phương án chi tiết do Ủy ban nhân dân các phường lập và trình cơ quan có thẩm quyền phê duyệt theo quy định.',
    'V. KẾT LUẬN',
    'Dự án đáp ứng các tiêu chí về sự cần thiết đầu tư, phù hợp quy hoạch, khả năng cân đối vốn đầu tư công và hiệu quả kinh tế - xã hội. Sở Xây dựng kiến nghị lựa chọn Phương án 2 và hoàn thiện hồ sơ trình quyết định chủ trương đầu tư./.',
  ],
};

const resettlementPlan: DemoDocument = {
  title: 'Phương án bồi thường, hỗ trợ và tái định cư Dự án cải tạo, phục hồi sông Tô Lịch (đoạn qua phường Định Công)',
  fileName: 'phuong-an-boi-thuong-tai-dinh-cu.pdf',
  classification: 'internal',
  number: 'Số: 87/PA-UBND',
  issuer: 'Ủy ban nhân dân phường Định Công',
  signer: { authority: 'TM. Ủy ban nhân dân', position: 'Chủ tịch', name: 'Lý Văn Phúc' },
  recipients: recipients('Ủy ban nhân dân thành phố;', 'Sở Xây dựng;', 'Sở Nông nghiệp và Môi trường;'),
  paragraphs: [
    'I. PHẠM VI VÀ ĐỐI TƯỢNG',
    'Đoạn tuyến qua phường Định Công dài khoảng 2,4 km, diện tích đất dự kiến thu hồi 3,6 ha, gồm 118 hộ gia đình, cá nhân có đất ở và 4 tổ chức. Trong đó 57 hộ bị thu hồi toàn bộ diện tích đất ở, phải di chuyển chỗ ở; 61 hộ bị thu hồi một phần, diện tích còn lại đủ điều kiện xây dựng theo quy định.',
    'II. NGUYÊN TẮC BỒI THƯỜNG, HỖ TRỢ',
    'Việc bồi thường, hỗ trợ, tái định cư thực hiện theo Luật Đất đai năm 2024 và các quy định của Ủy ban nhân dân thành phố; bảo đảm dân chủ, khách quan, công khai, minh bạch, kịp thời; người có đất thu hồi được bố trí tái định cư trước khi bàn giao mặt bằng; chỗ ở mới có điều kiện bằng hoặc tốt hơn nơi ở cũ. Giá đất cụ thể để tính bồi thường do Ủy ban nhân dân thành phố quyết định trên cơ sở kết quả thẩm định của Hội đồng thẩm định giá đất.',
    'III. DỰ KIẾN KINH PHÍ',
    'Tổng kinh phí bồi thường, hỗ trợ dự kiến khoảng 412 tỷ đồng, gồm bồi thường về đất 318 tỷ đồng, bồi thường tài sản, công trình trên đất 46 tỷ đồng, các khoản hỗ trợ ổn định đời sống, chuyển đổi nghề và tìm kiếm việc làm 39 tỷ đồng, chi phí tổ chức thực hiện 9 tỷ đồng. Nguồn kinh phí từ vốn đầu tư công của Dự án.',
    'IV. BỐ TRÍ TÁI ĐỊNH CƯ',
    'Dự kiến bố trí 57 căn hộ tái định cư tại khu nhà ở tái định cư Hoàng Liệt và khu đô thị mới Định Công, diện tích căn hộ từ 50 đến 75 m2. Hộ gia đình đủ điều kiện được lựa chọn nhận căn hộ hoặc nhận tiền tự lo chỗ ở; hộ có hoàn cảnh khó khăn được hỗ trợ thêm và ưu tiên lựa chọn vị trí căn hộ.',
    'V. TỔ CHỨC THỰC HIỆN',
    'Ủy ban nhân dân phường đã tổ chức 3 buổi đối thoại với các hộ dân; đa số ý kiến đồng ý với chủ trương thực hiện dự án, đề nghị sớm công bố giá đất cụ thể và bố trí tái định cư tại chỗ. Ủy ban nhân dân phường kính đề nghị Ủy ban nhân dân thành phố xem xét, cho ý kiến để hoàn thiện phương án, niêm yết công khai theo quy định./.',
  ],
};

const affectedHouseholds: DemoDocument = {
  title: 'Danh sách hộ gia đình, cá nhân bị ảnh hưởng và dự kiến mức bồi thường (đoạn qua phường Định Công)',
  fileName: 'danh-sach-ho-bi-anh-huong.pdf',
  classification: 'confidential',
  number: 'Số: 88/DS-UBND',
  issuer: 'Ủy ban nhân dân phường Định Công',
  signer: { authority: 'TM. Ủy ban nhân dân', position: 'Chủ tịch', name: 'Lý Văn Phúc' },
  recipients: ['Chủ tịch UBND thành phố;', 'Sở Xây dựng;', 'Lưu: VT.'],
  paragraphs: [
    'Tài liệu chứa thông tin cá nhân của người dân, chỉ sử dụng phục vụ phiên họp; không sao chụp, không cung cấp cho tổ chức, cá nhân không có thẩm quyền.',
    '1. Hộ ông Nguyễn Văn Bình, tổ dân phố số 5: thu hồi toàn bộ 68,2 m2 đất ở; dự kiến bồi thường về đất 4,98 tỷ đồng; nhu cầu tái định cư: 01 căn hộ.',
    '2. Hộ bà Trần Thị Hoa, tổ dân phố số 5: thu hồi một phần 21,5 m2; dự kiến bồi thường 1,57 tỷ đồng; phần diện tích còn lại đủ điều kiện xây dựng.',
    '3. Hộ ông Lê Văn Cường, tổ dân phố số 6: thu hồi toàn bộ 95,0 m2 đất ở; dự kiến bồi thường 6,94 tỷ đồng; nhu cầu tái định cư: 01 căn hộ; thuộc diện hộ có người cao tuổi sống một mình, đề nghị hỗ trợ thêm.',
    '4. Hộ bà Phạm Thị Dung, tổ dân phố số 6: thu hồi toàn bộ 54,7 m2; dự kiến bồi thường 3,99 tỷ đồng; chưa đồng ý với đơn giá dự kiến, đề nghị tái định cư tại chỗ.',
    '5. Hộ ông Hoàng Minh Đức, tổ dân phố số 7: thu hồi một phần 12,3 m2; dự kiến bồi thường 0,9 tỷ đồng.',
    'Tổng cộng đoạn tuyến: 118 hộ, dự kiến bồi thường, hỗ trợ 412 tỷ đồng (danh sách đầy đủ lưu tại Ủy ban nhân dân phường)./.',
  ],
};

const riverFinancing: DemoDocument = {
  title: 'Báo cáo phương án huy động vốn và cơ cấu nguồn vốn thực hiện Dự án cải tạo, phục hồi sông Tô Lịch',
  fileName: 'bao-cao-phuong-an-von-song-to-lich.pdf',
  classification: 'internal',
  number: 'Số: 3611/BC-STC',
  issuer: 'Sở Tài chính',
  signer: DIRECTOR_FINANCE,
  recipients: recipients('Ủy ban nhân dân thành phố;', 'Sở Xây dựng;'),
  paragraphs: [
    'I. KHẢ NĂNG CÂN ĐỐI VỐN',
    'Kế hoạch đầu tư công trung hạn giai đoạn 2026 - 2030 nguồn ngân sách thành phố còn dư địa chưa phân bổ khoảng 21.500 tỷ đồng. Sau khi ưu tiên cho các dự án giao thông trọng điểm và đường sắt đô thị, có thể bố trí tối đa 6.500 tỷ đồng cho Dự án cải tạo, phục hồi sông Tô Lịch trong giai đoạn này, đáp ứng khoảng 75% tổng mức đầu tư dự kiến.',
    'II. PHƯƠNG ÁN HUY ĐỘNG VỐN',
    'Phần vốn còn thiếu khoảng 2.140 tỷ đồng đề xuất huy động từ: phát hành trái phiếu chính quyền địa phương khoảng 1.200 tỷ đồng; đấu giá quyền sử dụng một số khu đất dịch vụ dọc tuyến sông sau khi hoàn thành hạ tầng khoảng 700 tỷ đồng; vốn hỗ trợ của các tổ chức quốc tế cho hợp phần xử lý nước thải khoảng 240 tỷ đồng. Các nguồn vốn ngoài ngân sách sẽ được rà soát, bảo đảm an toàn nợ công theo quy định của Luật Quản lý nợ công.',
    'III. TIẾN ĐỘ BỐ TRÍ VỐN',
    'Năm 2027 bố trí 1.100 tỷ đồng, chủ yếu cho giải phóng mặt bằng và hợp phần thu gom nước thải; năm 2028 bố trí 2.600 tỷ đồng; năm 2029 bố trí 2.900 tỷ đồng; năm 2030 bố trí phần còn lại và quyết toán dự án. Việc bố trí vốn hằng năm bảo đảm phù hợp tiến độ thực hiện và khả năng giải ngân thực tế.',
    'IV. ĐÁNH GIÁ RỦI RO',
    'Rủi ro lớn nhất là tiến độ đấu giá quyền sử dụng đất phụ thuộc vào thị trường bất động sản; trường hợp nguồn thu từ đấu giá không đạt dự kiến, đề nghị cho phép tạm ứng từ nguồn tăng thu ngân sách thành phố và hoàn trả khi có nguồn thu. Việc phát hành trái phiếu chính quyền địa phương phải bảo đảm dư nợ vay trong hạn mức theo quy định của Luật Ngân sách nhà nước năm 2025 và được Hội đồng nhân dân thành phố chấp thuận.',
    'Chi phí bồi thường, giải phóng mặt bằng có thể tăng khi bảng giá đất mới được áp dụng. Sở Tài chính đề nghị dự phòng khoảng 10% tổng mức đầu tư, đồng thời giao chủ đầu tư rà soát, tối ưu thiết kế để tiết kiệm chi phí; thực hiện đấu thầu rộng rãi, công khai, minh bạch theo quy định của pháp luật về đấu thầu.',
    'V. KIẾN NGHỊ',
    'Sở Tài chính đề nghị Ủy ban nhân dân thành phố đồng ý phương án cơ cấu nguồn vốn nêu trên; giao Sở Tài chính phối hợp Sở Kế hoạch và Đầu tư cập nhật vào kế hoạch đầu tư công trung hạn, trình Hội đồng nhân dân thành phố cùng với hồ sơ chủ trương đầu tư Dự án./.',
  ],
};

// ---------------------------------------------------------------------------------------------

const REGULAR_MEMBERS = [
  'pct.nguyen',
  'pct.le',
  'pct.pham',
  'uyvien.taichinh',
  'uyvien.kehoach',
  'uyvien.xaydung',
  'uyvien.giaothong',
  'uyvien.vanphong',
  'uyvien.congan',
] as const;

// ---------------------------------------------------------------------------------------------
// A second organisation of the same deployment: the Hoàn Kiếm district People's Committee.
// Its secretary also sits, as a member, in the city committee's meeting next week.
// ---------------------------------------------------------------------------------------------

const HOAN_KIEM = 'Hoàn Kiếm';

const oldQuarterReport: DemoDocument = {
  title: 'Báo cáo kết quả chỉnh trang đô thị khu phố cổ quý III năm 2026',
  fileName: 'bao-cao-chinh-trang-pho-co-quy-3.pdf',
  classification: 'internal',
  number: 'Số: 215/BC-QLĐT',
  issuer: 'Phòng Quản lý đô thị quận Hoàn Kiếm',
  signer: { position: 'Trưởng phòng', name: 'Đinh Thị Ngọc Ánh' },
  recipients: ['Ủy ban nhân dân quận Hoàn Kiếm;', 'Chủ tịch, các Phó Chủ tịch UBND quận;', 'Lưu: VT.'],
  paragraphs: [
    'Thực hiện kế hoạch chỉnh trang đô thị năm 2026, Phòng Quản lý đô thị báo cáo kết quả quý III như sau:',
    'I. KẾT QUẢ THỰC HIỆN',
    'Đã hoàn thành cải tạo vỉa hè, hạ ngầm đường dây, cáp viễn thông trên 12 tuyến phố thuộc khu phố cổ; sơn sửa mặt tiền 148 ngôi nhà theo thiết kế mẫu được duyệt; lắp đặt hệ thống chiếu sáng nghệ thuật tại 5 điểm di tích.',
    'II. NHIỆM VỤ QUÝ IV',
    'Tiếp tục chỉnh trang 9 tuyến phố còn lại, phối hợp với các phường trong việc vận động nhân dân, bảo đảm trật tự đô thị và an toàn giao thông trong thời gian thi công./.',
  ],
};

const hoanKiem: DemoOrganisation = {
  organization: { name: `Ủy ban nhân dân quận ${HOAN_KIEM}`, shortName: `UBND Q. ${HOAN_KIEM}` },
  users: [
    { key: 'chutich.hk', username: 'chutich.hk', fullName: 'Nguyễn Văn Bình', title: 'Chủ tịch UBND quận Hoàn Kiếm', role: 'chair' },
    { key: 'pct.hk', username: 'pct.hk', fullName: 'Trịnh Thị Hạnh', title: 'Phó Chủ tịch UBND quận Hoàn Kiếm', role: 'member' },
    { key: 'thuky.hk', username: 'thuky.hk', fullName: 'Vũ Thị Hồng Nhung', title: 'Chuyên viên Văn phòng UBND quận Hoàn Kiếm', role: 'secretary' },
  ],
  alsoMembers: [],
  // The district office's secretary is a member of the city committee's meetings she attends.
  alsoInMain: [{ userKey: 'thuky.hk', role: 'member' }],
  seatsInMain: [{ meeting: 2, userKey: 'thuky.hk', role: 'member' }],
  meetings: [
    {
      title: 'Phiên họp thường kỳ UBND quận Hoàn Kiếm',
      dayOffset: 1,
      startTime: '14:00',
      endTime: '16:30',
      location: 'Phòng họp tầng 2, trụ sở UBND quận Hoàn Kiếm',
      status: 'published',
      chairKey: 'chutich.hk',
      participants: [
        { userKey: 'chutich.hk', role: 'chair' },
        { userKey: 'pct.hk', role: 'member' },
        { userKey: 'thuky.hk', role: 'secretary' },
      ],
      agenda: [
        {
          title: 'Báo cáo kết quả chỉnh trang đô thị khu phố cổ quý III năm 2026',
          presenterKey: 'pct.hk',
          presenterLabel: 'Phó Chủ tịch UBND quận',
          plannedMinutes: 45,
          documents: [oldQuarterReport],
        },
      ],
    },
    {
      title: 'Họp chuẩn bị Lễ hội văn hóa phố cổ Hoàn Kiếm',
      dayOffset: 10,
      startTime: '09:00',
      endTime: '10:30',
      location: 'Phòng họp tầng 2, trụ sở UBND quận Hoàn Kiếm',
      status: 'draft',
      chairKey: 'chutich.hk',
      participants: [
        { userKey: 'chutich.hk', role: 'chair' },
        { userKey: 'thuky.hk', role: 'secretary' },
      ],
      agenda: [],
    },
  ],
};

export const demoContent: DemoContent = {
  organization: { name: `Ủy ban nhân dân thành phố ${CITY}`, shortName: `UBND TP ${CITY}` },
  otherOrganisations: [hoanKiem],
  password: 'ecabinet2026',
  users: [
    { key: 'chutich', username: 'chutich', fullName: 'Trần Quốc Hưng', title: 'Chủ tịch UBND thành phố', role: 'chair' },
    { key: 'pct.nguyen', username: 'pct.nguyen', fullName: 'Nguyễn Thị Thu Hà', title: 'Phó Chủ tịch Thường trực UBND thành phố', role: 'member' },
    { key: 'pct.le', username: 'pct.le', fullName: 'Lê Hoàng Nam', title: 'Phó Chủ tịch UBND thành phố', role: 'member' },
    { key: 'pct.pham', username: 'pct.pham', fullName: 'Phạm Đức Thắng', title: 'Phó Chủ tịch UBND thành phố', role: 'member' },
    { key: 'uyvien.taichinh', username: 'uyvien.taichinh', fullName: 'Đỗ Thị Lan Anh', title: 'Ủy viên UBND thành phố, Giám đốc Sở Tài chính', role: 'member' },
    { key: 'uyvien.kehoach', username: 'uyvien.kehoach', fullName: 'Vũ Minh Tuấn', title: 'Ủy viên UBND thành phố, Giám đốc Sở Kế hoạch và Đầu tư', role: 'member' },
    { key: 'uyvien.xaydung', username: 'uyvien.xaydung', fullName: 'Hoàng Văn Sơn', title: 'Ủy viên UBND thành phố, Giám đốc Sở Xây dựng', role: 'member' },
    { key: 'uyvien.giaothong', username: 'uyvien.giaothong', fullName: 'Bùi Thị Hương', title: 'Ủy viên UBND thành phố, Giám đốc Sở Giao thông vận tải', role: 'member' },
    { key: 'uyvien.vanphong', username: 'uyvien.vanphong', fullName: 'Đặng Quang Huy', title: 'Ủy viên UBND thành phố, Chánh Văn phòng UBND thành phố', role: 'member' },
    { key: 'uyvien.congan', username: 'uyvien.congan', fullName: 'Ngô Thành Long', title: 'Ủy viên UBND thành phố, Giám đốc Công an thành phố', role: 'member' },
    { key: 'thuky', username: 'thuky', fullName: 'Phan Thị Mai', title: 'Chuyên viên Văn phòng UBND thành phố', role: 'secretary' },
    { key: 'thuky2', username: 'thuky2', fullName: 'Trần Thu Trang', title: 'Chuyên viên Văn phòng UBND thành phố', role: 'secretary' },
    { key: 'khach', username: 'khach', fullName: 'Lý Văn Phúc', title: 'Chủ tịch UBND phường Định Công', role: 'guest' },
    { key: 'admin', username: 'admin', fullName: 'Quản trị hệ thống', title: 'Trung tâm Tin học - Công báo, Văn phòng UBND thành phố', role: 'admin' },
  ],
  meetings: [
    {
      title: 'Phiên họp chuyên đề về giải ngân vốn đầu tư công',
      dayOffset: -14,
      startTime: '08:00',
      endTime: '11:30',
      location: 'Phòng họp số 1, trụ sở UBND thành phố',
      status: 'closed',
      chairKey: 'chutich',
      participants: [
        { userKey: 'chutich', role: 'chair' },
        ...REGULAR_MEMBERS.map((userKey) => ({ userKey, role: 'member' as const })),
        { userKey: 'thuky', role: 'secretary' },
      ],
      agenda: [
        {
          title: 'Báo cáo tình hình giải ngân kế hoạch vốn đầu tư công 9 tháng năm 2026',
          presenterKey: 'uyvien.kehoach',
          presenterLabel: 'Giám đốc Sở Kế hoạch và Đầu tư',
          plannedMinutes: 40,
          documents: [disbursementReport, slowProjectsAnnex],
        },
        {
          title: 'Tờ trình về việc điều chỉnh kế hoạch đầu tư công năm 2026 nguồn vốn ngân sách thành phố',
          presenterKey: 'uyvien.taichinh',
          presenterLabel: 'Giám đốc Sở Tài chính',
          plannedMinutes: 45,
          documents: [adjustmentSubmission, adjustmentDecisionDraft],
        },
        {
          title: 'Báo cáo kết quả công tác giải phóng mặt bằng các dự án trọng điểm',
          presenterKey: 'uyvien.xaydung',
          presenterLabel: 'Giám đốc Sở Xây dựng',
          plannedMinutes: 35,
          documents: [clearanceReport],
        },
        {
          title: 'Kết luận của Chủ tịch UBND thành phố',
          presenterKey: 'chutich',
          presenterLabel: 'Chủ tịch UBND thành phố',
          plannedMinutes: 20,
          documents: [conclusionDraft],
        },
      ],
    },
    {
      title: 'Phiên họp thường kỳ Ủy ban nhân dân thành phố',
      dayOffset: 0,
      startTime: '08:00',
      endTime: '11:30',
      location: 'Phòng họp số 1, trụ sở UBND thành phố',
      status: 'in_progress',
      chairKey: 'chutich',
      participants: [
        { userKey: 'chutich', role: 'chair' },
        ...REGULAR_MEMBERS.map((userKey) => ({ userKey, role: 'member' as const })),
        { userKey: 'thuky', role: 'secretary' },
        { userKey: 'thuky2', role: 'secretary' },
      ],
      agenda: [
        {
          title: 'Báo cáo tình hình kinh tế - xã hội, quốc phòng - an ninh và nhiệm vụ trọng tâm thời gian tới',
          presenterKey: 'uyvien.kehoach',
          presenterLabel: 'Giám đốc Sở Kế hoạch và Đầu tư',
          plannedMinutes: 30,
          documents: [socioEconomicReport],
        },
        {
          title: 'Tờ trình về dự toán ngân sách nhà nước và phương án phân bổ ngân sách thành phố năm 2027',
          presenterKey: 'uyvien.taichinh',
          presenterLabel: 'Giám đốc Sở Tài chính',
          plannedMinutes: 45,
          documents: [budgetSubmission, budgetResolutionDraft],
        },
        {
          title: 'Đề án phát triển mạng lưới giao thông công cộng đô thị giai đoạn 2026 - 2035, tầm nhìn đến năm 2045',
          presenterKey: 'uyvien.giaothong',
          presenterLabel: 'Giám đốc Sở Giao thông vận tải',
          plannedMinutes: 40,
          documents: [transitProject, transitImpactReport],
        },
        {
          title: 'Báo cáo tình hình an ninh trật tự, phòng chống tội phạm và bảo đảm trật tự an toàn giao thông',
          presenterKey: 'uyvien.congan',
          presenterLabel: 'Giám đốc Công an thành phố',
          plannedMinutes: 25,
          documents: [securityReport],
        },
      ],
    },
    {
      title: 'Phiên họp chuyên đề về Dự án cải tạo, phục hồi sông Tô Lịch',
      dayOffset: 7,
      startTime: '14:00',
      endTime: '17:00',
      location: 'Phòng họp số 2, trụ sở UBND thành phố',
      status: 'published',
      chairKey: 'chutich',
      // Not invited: pct.pham, uyvien.congan, thuky2 (they must not see this meeting's papers).
      participants: [
        { userKey: 'chutich', role: 'chair' },
        { userKey: 'pct.nguyen', role: 'member' },
        { userKey: 'pct.le', role: 'member' },
        { userKey: 'uyvien.taichinh', role: 'member' },
        { userKey: 'uyvien.kehoach', role: 'member' },
        { userKey: 'uyvien.xaydung', role: 'member' },
        { userKey: 'uyvien.giaothong', role: 'member' },
        { userKey: 'uyvien.vanphong', role: 'member' },
        { userKey: 'thuky', role: 'secretary' },
        { userKey: 'khach', role: 'guest' },
      ],
      agenda: [
        {
          title: 'Tờ trình đề nghị phê duyệt chủ trương đầu tư Dự án cải tạo, phục hồi sông Tô Lịch',
          presenterKey: 'uyvien.xaydung',
          presenterLabel: 'Giám đốc Sở Xây dựng',
          plannedMinutes: 40,
          documents: [riverSubmission, riverFeasibility],
        },
        {
          title: 'Phương án bồi thường, hỗ trợ và tái định cư đối với các hộ dân bị ảnh hưởng',
          presenterKey: 'khach',
          presenterLabel: 'Chủ tịch UBND phường Định Công',
          plannedMinutes: 30,
          documents: [resettlementPlan, affectedHouseholds],
        },
        {
          title: 'Phương án huy động vốn và cơ cấu nguồn vốn thực hiện Dự án',
          presenterKey: 'uyvien.taichinh',
          presenterLabel: 'Giám đốc Sở Tài chính',
          plannedMinutes: 30,
          documents: [riverFinancing],
        },
      ],
    },
  ],
};
