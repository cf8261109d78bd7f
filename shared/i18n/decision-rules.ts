/** Strings of the administrator's decision-rules screen: the `decisionRules` section of vi.ts / en.ts. */
export const decisionRulesVi = {
  title: 'Quy tắc ra quyết định và căn cứ pháp lý',
  intro: 'Áp dụng cho mọi cuộc biểu quyết và phiếu lấy ý kiến của Ủy ban. Mỗi quy tắc ghi rõ điều, khoản của Quy chế làm việc làm căn cứ; căn cứ được in trong kết quả biểu quyết.',
  name: 'Tên bộ quy tắc',
  unconfigured: 'Chưa cấu hình căn cứ pháp lý cho: {{groups}}. Các căn cứ này không được in trong kết quả biểu quyết cho đến khi quản trị viên điền điều, khoản cụ thể.',
  allConfigured: 'Mọi quy tắc đều đã có căn cứ pháp lý.',
  group: {
    quorum: 'Số thành viên cần có mặt',
    majority: 'Tỷ lệ biểu quyết thông qua',
    tie: 'Khi số phiếu ngang nhau',
    ballot: 'Hình thức biểu quyết',
    delegation: 'Ủy quyền biểu quyết',
    writtenOpinions: 'Lấy ý kiến bằng văn bản',
  },
  basisVi: 'Căn cứ (tiếng Việt)',
  basisEn: 'Căn cứ (tiếng Anh)',
  openWithoutQuorum: 'Khi chưa đủ số thành viên có mặt',
  openWithoutQuorumOption: {
    refuse: 'Không cho mở biểu quyết',
    chair_with_reason: 'Chủ tọa được mở, phải ghi lý do (in trong kết quả)',
  },
  save: 'Lưu quy tắc',
  saved: 'Đã lưu quy tắc ra quyết định.',
};

export const decisionRulesEn: typeof decisionRulesVi = {
  title: 'Decision rules and their legal basis',
  intro: "Applied to every vote and written opinion of the committee. Each rule cites the article of the working regulation it rests on; the citation is printed with vote results.",
  name: 'Name of the rule set',
  unconfigured: 'No legal basis configured for: {{groups}}. These citations are left out of vote results until the administrator fills in the exact article.',
  allConfigured: 'Every rule has its legal basis.',
  group: {
    quorum: 'Quorum',
    majority: 'Majority needed to pass',
    tie: 'Tie',
    ballot: 'Ballot',
    delegation: 'Voting by a deputy',
    writtenOpinions: 'Written opinions',
  },
  basisVi: 'Legal basis (Vietnamese)',
  basisEn: 'Legal basis (English)',
  openWithoutQuorum: 'When the quorum is not met',
  openWithoutQuorumOption: {
    refuse: 'A vote cannot be opened',
    chair_with_reason: 'The chair may open it with a reason (printed with the result)',
  },
  save: 'Save the rules',
  saved: 'Decision rules saved.',
};
