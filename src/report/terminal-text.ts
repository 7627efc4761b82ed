// Text bound for a terminal: rule values and file names are shown, never obeyed.

// C0 controls except tab, DEL and C1 controls: a quoted value could otherwise clear the screen, retitle or
// recolour the terminal, or break a finding over several lines. Bidirectional overrides and isolates could
// reorder what the line shows (right-to-left text itself is untouched).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * `text` with control characters written as escapes (`\n`, `\r`, `\u001b`); tabs are kept. A GitHub Actions runner
 * also obeys `::command::` at the start of a log line (after blanks) and `##[command]` anywhere in one, so those
 * are written with an escape too (`\u003a:`, `#\u0023[`): text that may begin a line cannot begin a command.
 */
export function printable(text: string): string {
  return text
    .replace(CONTROL, c =>
      c === '\n' ? '\\n' : c === '\r' ? '\\r' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    )
    .replace(/^(\s*):(?=:)/, '$1\\u003a')
    .replace(/##\[/g, '#\\u0023[');
}
