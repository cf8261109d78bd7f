/** A text box that shows all of its text: it wraps and grows line by line (long agenda titles are never cut off). */
import { useLayoutEffect, useRef, type TextareaHTMLAttributes } from 'react';
import './forms.css';

export function AutoGrowTextarea({ className, ...props }: TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const fit = () => {
    const el = ref.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${el.scrollHeight + el.offsetHeight - el.clientHeight}px`;
  };
  useLayoutEffect(() => {
    fit();
    // A narrower window wraps the text onto more lines.
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    let width = el.clientWidth;
    const observer = new ResizeObserver(() => {
      if (el.clientWidth !== width) {
        width = el.clientWidth;
        fit();
      }
    });
    observer.observe(el);
    return () => observer.disconnect();
  });
  return (
    <textarea
      ref={ref}
      rows={1}
      className={`auto-grow${className ? ` ${className}` : ''}`}
      {...props}
      onInput={(e) => {
        fit();
        props.onInput?.(e);
      }}
    />
  );
}
