// nodemailer ships no types; the one call the e-mail job makes.
declare module 'nodemailer' {
  const nodemailer: { createTransport(url: string): { sendMail(message: Record<string, unknown>): Promise<unknown> } };
  export default nodemailer;
}
