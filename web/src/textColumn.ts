/**
 * The className of a table column of free text (a note, a visit's content, an aid's basis): on a
 * phone, where every other cell keeps to one line and a wide table scrolls in its box, this column
 * wraps within a readable width instead of stretching the table to the sentence's length (styles.css).
 */
export const TEXT_COLUMN = 'jf-text-column';
