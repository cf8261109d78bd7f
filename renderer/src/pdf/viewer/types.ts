/** Shapes the reader's parts share: the reader's page rotation, where he is in the document, what the sidebar shows. */
import type { ReadingPosition } from '../../../../shared/reader';

export type Rotation = ReadingPosition['rotation'];
/** Where the reader is: a page, and how far down that page (0..1) the top of the view is. */
export type Anchor = { page: number; offset: number };
export type SidebarView = 'thumbnails' | 'outline' | null;
