/** The reader's last pictures of a document (renderer/src/pdf/page-pictures.ts): which pages are kept, and for how many documents. */
import { afterEach, describe, expect, it } from 'vitest';
import { forgetPictures, keepPictures, picturesFor, takePictures, type PagePictures } from '../../renderer/src/pdf/page-pictures';

const canvas = (name: string) => ({ name }) as unknown as HTMLCanvasElement;
const shot = (pictures: Map<number, HTMLCanvasElement>): PagePictures => ({ numPages: 10, sizes: { 1: { width: 600, height: 800 } }, allSizesKnown: true, anchor: { page: 1, offset: 0 }, pictures });

/** A page box 1000 px tall from `top`, drawn or not (only what takePictures reads). */
function box(top: number, drawn: HTMLCanvasElement | null): HTMLElement {
  return { offsetTop: top, offsetHeight: 1000, dataset: { rendered: drawn ? 'true' : 'false' }, querySelector: () => drawn } as unknown as HTMLElement;
}

afterEach(forgetPictures);

describe('page pictures', () => {
  it('keeps the pictures of the last three documents closed', () => {
    for (const url of ['a', 'b', 'c', 'd']) keepPictures(url, shot(new Map([[1, canvas(url)]])));
    expect(picturesFor('a')).toBeNull();
    expect(['b', 'c', 'd'].map((u) => picturesFor(u)?.pictures.get(1))).toEqual([canvas('b'), canvas('c'), canvas('d')]);
    // Closing a kept document again makes it the newest.
    keepPictures('b', shot(new Map([[1, canvas('b2')]])));
    keepPictures('e', shot(new Map()));
    expect(picturesFor('c')).toBeNull();
    expect(picturesFor('b')?.pictures.get(1)).toEqual(canvas('b2'));
  });

  it('takes the drawn pages in view; a page in view not drawn keeps its last picture', () => {
    const area = { scrollTop: 3500, clientHeight: 900 } as HTMLElement;
    // Pages 1..8, 1000 px each: 4 (3000–4000) and 5 (4000–5000) are in view.
    const drawn4 = canvas('4 drawn');
    const els = new Map<number, HTMLElement>(Array.from({ length: 8 }, (_, i) => [i + 1, box(i * 1000, i + 1 === 4 ? drawn4 : i + 1 === 3 ? canvas('3 drawn') : null)]));
    const previous = shot(new Map([[5, canvas('5 before')], [7, canvas('7 before')]]));
    const pictures = takePictures(area, els, 4, previous);
    expect([...pictures]).toEqual([
      [4, drawn4],
      [5, canvas('5 before')],
    ]);
  });
});
