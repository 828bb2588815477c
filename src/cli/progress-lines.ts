/**
 * Progress as log lines, for output that is not a terminal (a file, a pipe, a CI log), where a bar
 * cannot be redrawn: one line when a step starts and at each further tenth of it.
 *
 * A log cannot take a line back, so every step's lines end at its final state: a step followed by
 * another has finished, and one whose last line said less than 100% gets a closing 100% line; the
 * last step is closed the same way when the work finishes (`finish`). Without `finish` (the work
 * failed or was refused) the last step is left where it stopped. A step of unknown total (a count
 * with no end known) prints no lines: its percentages would be made up.
 */
export interface ProgressLines {
  /** The lines to print for this report of `done` of `total` in the step named `msg`. */
  update(done: number, total: number | null, msg?: string | null): string[];
  /** The work finished: the line that closes the last step, if it did not end at 100%. */
  finish(): string[];
}

interface Step {
  msg: string;
  done: number;
  total: number | null;
  /** The percentage of the last line printed for the step (-1: none yet). */
  printed: number;
}

export function progressLines(label: string): ProgressLines {
  let step: Step | null = null;
  const line = (msg: string, done: number, total: number, pct: number) =>
    `${label}${msg ? ` ${msg}` : ''} ${pct}% (${done}/${total})`;
  const close = (s: Step | null): string[] => {
    if (s === null || s.total === null || s.printed === 100) return [];
    s.printed = 100;
    return [line(s.msg, s.total, s.total, 100)];
  };
  return {
    update(done, total, msg) {
      const name = msg ?? '';
      const out: string[] = [];
      if (step === null || step.msg !== name) {
        out.push(...close(step));
        step = { msg: name, done, total: null, printed: -1 };
      }
      step.done = done;
      step.total = total === null ? null : Math.max(total, done, 1);
      if (step.total === null) return out;
      const pct = Math.min(100, Math.floor((done / step.total) * 10) * 10);
      if (pct !== step.printed) {
        step.printed = pct;
        out.push(line(name, done, step.total, pct));
      }
      return out;
    },
    finish() {
      const out = close(step);
      step = null;
      return out;
    },
  };
}
