/**
 * The confidential watermark drawn over a page: the reader's name and the current time,
 * repeated diagonally across the whole page, on screen and in print.
 */
export function Watermark({ text }: { text: string }) {
  return (
    <div className="pdf-watermark" data-testid="watermark" aria-hidden="true">
      {Array.from({ length: 6 }, (_, i) => (
        <span key={i} className="pdf-watermark-line">
          {text}
        </span>
      ))}
    </div>
  );
}
