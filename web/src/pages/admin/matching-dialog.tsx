// A modal dialog on the native <dialog> (focus kept inside, Escape closes), which returns focus to where it was opened from.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

export function Modal({ title, onClose, children, testid, describedBy }: { title: string; onClose: () => void; children: ComponentChildren; testid: string; describedBy?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = `${testid}-title`;
  useEffect(() => {
    const dialog = ref.current!;
    const opener = document.activeElement as HTMLElement | null;
    dialog.showModal();
    const onCancel = (e: Event) => {
      e.preventDefault();
      onClose();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
      // Back to the opener unless the page moved focus elsewhere meanwhile (e.g. to a moved member).
      if (opener?.isConnected && (document.activeElement === document.body || document.activeElement === null)) opener.focus();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <dialog ref={ref} class="modal" aria-labelledby={titleId} aria-describedby={describedBy} data-testid={testid}>
      <h2 id={titleId}>{title}</h2>
      {children}
    </dialog>
  );
}
