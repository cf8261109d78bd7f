/** One language's strings, built from shared/i18n by renderer/vite.config.ts (catalogueModules). */
declare module 'virtual:ecabinet-catalogue/*' {
  const messages: import('../../shared/i18n/vi').Messages;
  export default messages;
}

/** pdf.js's stylesheet, its text layer's rules only (renderer/vite-pdfjs-css.ts). */
declare module 'pdfjs-dist/web/pdf_viewer.css?text-layer-only';
