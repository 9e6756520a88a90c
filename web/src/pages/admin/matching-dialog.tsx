// A modal dialog on the native <dialog> (focus kept inside, Escape closes), which returns focus to where it was opened from.
import type { ComponentChildren } from 'preact';
import { useRef } from 'preact/hooks';
import { useModal } from '../../ui.js';

export function Modal({ title, onClose, children, testid, describedBy }: { title: string; onClose: () => void; children: ComponentChildren; testid: string; describedBy?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = `${testid}-title`;
  useModal(ref);
  return (
    <dialog ref={ref} class="modal" aria-labelledby={titleId} aria-describedby={describedBy} onCancel={(e) => (e.preventDefault(), onClose())} data-testid={testid}>
      <h2 id={titleId}>{title}</h2>
      {children}
    </dialog>
  );
}
