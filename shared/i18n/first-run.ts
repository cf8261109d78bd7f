/**
 * The two plain pages a first-time user may land on before the app: the sync server's home
 * page, and the browser-mode host opened without its launch link. Vietnamese first.
 */
export const firstRunVi = {
  home: {
    title: 'Máy chủ eCabinet',
    what: 'Đây là máy chủ đồng bộ của eCabinet (phòng họp không giấy). Máy chủ không có giao diện: người dùng làm việc trong ứng dụng eCabinet.',
    openApp: 'Mở ứng dụng eCabinet',
    howApp: 'Ứng dụng chạy trên máy của bạn: lệnh "ecabinet start" (hoặc "ecabinet app") in ra địa chỉ cần mở; hãy mở đúng địa chỉ đó.',
    api: 'Tài liệu API (OpenAPI)',
    health: 'Tình trạng máy chủ',
  },
  noLaunch: {
    title: 'Hãy mở eCabinet bằng đường dẫn khởi chạy',
    what: 'Trang này là ứng dụng eCabinet chạy trong trình duyệt, nhưng trình duyệt chưa được cấp quyền mở nó.',
    why: 'Để bảo vệ tài liệu của bạn, ứng dụng chỉ mở qua đường dẫn khởi chạy (có dạng http://127.0.0.1:…/?launch=…) mà lệnh "ecabinet app" hoặc "ecabinet start" in ra trong cửa sổ dòng lệnh. Mỗi đường dẫn chỉ dùng được một lần.',
    todo: 'Cách làm: xem lại cửa sổ dòng lệnh và mở đường dẫn đó. Nếu đã dùng rồi hoặc đã đóng lệnh, hãy chạy lại "ecabinet app" (hoặc "npm start") để có đường dẫn mới.',
    used: 'Đường dẫn khởi chạy này không hợp lệ hoặc đã được dùng.',
  },
};

export type FirstRunMessages = typeof firstRunVi;

export const firstRunEn: FirstRunMessages = {
  home: {
    title: 'eCabinet server',
    what: 'This is the eCabinet sync server (paperless meetings). It has no user interface: people work in the eCabinet app.',
    openApp: 'Open the eCabinet app',
    howApp: 'The app runs on your computer: "ecabinet start" (or "ecabinet app") prints the address to open; open exactly that address.',
    api: 'API documentation (OpenAPI)',
    health: 'Server health',
  },
  noLaunch: {
    title: 'Open eCabinet with its launch link',
    what: 'This is the eCabinet app running in a browser, but this browser has not been let in yet.',
    why: 'To protect your documents, the app opens only through the launch link (like http://127.0.0.1:…/?launch=…) that "ecabinet app" or "ecabinet start" prints in the terminal. Each link works once.',
    todo: 'What to do: look at the terminal and open that link. If it was already used or the command was stopped, run "ecabinet app" (or "npm start") again for a new link.',
    used: 'This launch link is not valid or was already used.',
  },
};

/** Escapes text for an HTML element or a double-quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A small self-contained HTML page: both languages, Vietnamese first; `body(lang, texts)` fills each half. */
export function bilingualPage(title: string, body: (m: FirstRunMessages) => string): string {
  const section = (lang: 'vi' | 'en', m: FirstRunMessages) => `<section lang="${lang}">${body(m)}</section>`;
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:44rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}
section+section{border-top:1px solid #ccc;margin-top:2rem;padding-top:1rem;color:#444}a{color:#0b57d0}code{background:#f2f2f2;padding:0 .2rem}</style>
</head><body>${section('vi', firstRunVi)}${section('en', firstRunEn)}</body></html>
`;
}
