import { Drawer } from 'antd';
import type { ReactNode } from 'react';

/** The navigation on a phone: a drawer from the left (its own chunk: desktops never load it). */
export default function NavDrawer({ open, onClose, title, closeLabel, children }: { open: boolean; onClose(): void; title: string; closeLabel: string; children: ReactNode }) {
  return (
    <Drawer open={open} onClose={onClose} placement="left" size={280} title={title} className="shell-drawer" closable={{ 'aria-label': closeLabel }}>
      {children}
    </Drawer>
  );
}
