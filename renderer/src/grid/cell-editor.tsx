/**
 * The editor in the selected cell: a dropdown for a column whose field has fixed values (Plan,
 * Type, Enabled/Disabled...), else a text box (a password box, starting blank, for secrets).
 */
import type { ColumnView } from '../../../src/shared/bridge.ts';

/** What the editor in the selected cell needs; one stable object for the whole grid. */
export interface CellEditor {
  change: (text: string) => void;
  commit: (text: string) => void;
  /** Escape: drop the edit and give the keyboard back to the grid. */
  cancel: () => void;
  /** Focus left the editor: drop the edit, leave focus where the user put it. */
  close: () => void;
}

interface Props {
  column: ColumnView;
  row: number | undefined;
  masked: boolean;
  text: string;
  editor: CellEditor;
}

export function CellInput({ column, row, masked, text, editor }: Props): React.JSX.Element {
  const label = `Edit ${column.header}, row ${row ?? ''}`;
  const keys = (e: React.KeyboardEvent): void => {
    if (e.key === 'Enter') {
      e.preventDefault();
      editor.commit(text);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      editor.cancel();
    }
    e.stopPropagation();
  };
  if (column.options && !masked) {
    const known = column.options.includes(text);
    return (
      <select
        autoFocus
        aria-label={label}
        value={text}
        onChange={(e) => editor.change(e.target.value)}
        // A choice made with the mouse is kept when the user clicks on: leaving commits.
        onBlur={() => editor.commit(text)}
        onKeyDown={keys}
      >
        {!known && <option value={text}>{text === '' ? '(empty)' : `${text} (not a valid value)`}</option>}
        {column.options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
        {known && <option value="">(empty)</option>}
      </select>
    );
  }
  return (
    <input
      autoFocus
      aria-label={label}
      type={masked ? 'password' : 'text'}
      placeholder={masked ? 'New value (empty keeps the old one)' : undefined}
      value={text}
      onChange={(e) => editor.change(e.target.value)}
      onBlur={editor.close}
      onKeyDown={keys}
    />
  );
}
