/** Reordering the agenda by drag and drop or by the ↑/↓ buttons; only items whose position changes are saved. */
import { useState, type DragEvent } from 'react';
import type { AgendaItem } from '../../../../shared/entities';

export interface PositionChange {
  item: AgendaItem;
  position: number;
}

/** `items` sorted by position; `saveOrder` gets the items that move, with their new 1-based position. */
export function useAgendaOrder(items: AgendaItem[], saveOrder: (changed: PositionChange[]) => void) {
  const [dragging, setDragging] = useState<string | null>(null);

  const reorder = (ids: string[]) => {
    const changed = ids.map((id, idx) => ({ item: items.find((i) => i.id === id)!, position: idx + 1 })).filter((x) => x.item.position !== x.position);
    if (changed.length) saveOrder(changed);
  };

  /** Moves an item one place up (-1) or down (+1). */
  const move = (id: string, delta: number) => {
    const ids = items.map((i) => i.id);
    const from = ids.indexOf(id);
    const to = from + delta;
    if (to < 0 || to >= ids.length) return;
    ids.splice(to, 0, ...ids.splice(from, 1));
    reorder(ids);
  };

  /** What a row needs to be dragged, and to take another row dropped on it (the dropped one goes before it). */
  const dragProps = (i: AgendaItem) => ({
    draggable: true,
    onDragStart: (e: DragEvent) => {
      setDragging(i.id);
      e.dataTransfer.setData('text/plain', i.id);
      e.dataTransfer.effectAllowed = 'move';
    },
    onDragEnd: () => setDragging(null),
    onDragOver: (e: DragEvent) => e.preventDefault(),
    onDrop: (e: DragEvent) => {
      e.preventDefault();
      const from = e.dataTransfer.getData('text/plain');
      setDragging(null);
      if (!from || from === i.id) return;
      const ids = items.map((x) => x.id).filter((x) => x !== from);
      ids.splice(ids.indexOf(i.id), 0, from);
      reorder(ids);
    },
  });

  return { dragging, move, dragProps };
}
