/** Strings of what the server keeps beside a document's PDF (the original office file) and of an upload's stages: Vietnamese first. */
export const documentFilesVi = {
  original: {
    download: 'Tải tệp gốc (.{{ext}})',
    title: 'Tải về tệp {{name}} mà văn bản PDF này được chuyển đổi từ đó',
    downloading: 'Đang tải tệp gốc…',
  },
  upload: {
    uploading: 'Đang tải lên {{name}}: {{percent}}%',
    converting: 'Đang chuyển {{name}} sang PDF…',
    checking: 'Đang kiểm tra {{name}}…',
  },
};

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

export const documentFilesEn: Shape<typeof documentFilesVi> = {
  original: {
    download: 'Download the original (.{{ext}})',
    title: 'Download {{name}}, the file this PDF was converted from',
    downloading: 'Downloading the original…',
  },
  upload: {
    uploading: 'Uploading {{name}}: {{percent}}%',
    converting: 'Converting {{name}} to PDF…',
    checking: 'Checking {{name}}…',
  },
};
