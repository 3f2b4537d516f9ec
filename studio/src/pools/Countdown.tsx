import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** "2d 03:04:05" from milliseconds (never negative). */
export function formatRemaining(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(s / 86_400);
  const pad = (n: number) => String(n).padStart(2, '0');
  const clock = `${pad(Math.floor((s % 86_400) / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
  return days ? `${days}d ${clock}` : clock;
}

/** A record's deadline as a live countdown, counted on the server's clock (`offset`: server minus browser). */
export function Countdown({ dueAt, offset }: { dueAt: string; offset: number }) {
  const { t } = useTranslation('pools');
  const [now, setNow] = useState(() => Date.now() + offset);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now() + offset), 1000);
    return () => clearInterval(timer);
  }, [offset]);
  const left = new Date(dueAt).getTime() - now;
  return (
    <time role="timer" dateTime={dueAt} title={new Date(dueAt).toLocaleString()} className="pool-countdown">
      {left > 0 ? formatRemaining(left) : t('overdue')}
    </time>
  );
}
