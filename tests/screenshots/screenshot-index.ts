/** The page that lists the screenshots: one section per language, one figure per screen. */
export interface Shot {
  locale: string;
  role: string;
  name: string;
  /** Relative to the index. */
  file: string;
}

const LANGUAGE: Record<string, string> = { vi: 'Tiếng Việt', en: 'English' };

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export function screenshotIndex(shots: Shot[]): string {
  const locales = [...new Set(shots.map((s) => s.locale))];
  const sections = locales.map((locale) => {
    const figures = shots
      .filter((s) => s.locale === locale)
      .map(
        (s) =>
          `<figure><a href="${escape(s.file)}"><img src="${escape(s.file)}" alt="${escape(`${s.role}: ${s.name}`)}" loading="lazy"></a><figcaption>${escape(s.role)} · ${escape(s.name)}</figcaption></figure>`,
      );
    return `<section lang="${escape(locale)}"><h2>${escape(LANGUAGE[locale] ?? locale)} (${figures.length})</h2>\n${figures.join('\n')}\n</section>`;
  });
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>eCabinet — ảnh chụp màn hình / screenshots</title>
<style>
body { font-family: system-ui, sans-serif; margin: 1.5rem; }
section { display: flex; flex-wrap: wrap; gap: 1rem; }
h2 { flex-basis: 100%; }
figure { margin: 0; width: 340px; }
img { width: 100%; border: 1px solid #ccc; }
figcaption { font-size: 0.85rem; }
</style>
</head>
<body>
<h1>eCabinet — ảnh chụp màn hình / screenshots</h1>
${sections.join('\n')}
</body>
</html>
`;
}
