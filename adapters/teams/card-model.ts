/**
 * The part of the Adaptive Card schema (1.5) that npsbot's cards use, as types, so a card that
 * Teams would reject (a misspelt element, a missing title) fails the type check. The tests also
 * parse every rendered card with Microsoft's `adaptivecards` SDK.
 */
export interface TextBlock {
  type: 'TextBlock';
  text: string;
  wrap?: boolean;
  weight?: 'Default' | 'Lighter' | 'Bolder';
  size?: 'Default' | 'Small' | 'Medium' | 'Large' | 'ExtraLarge';
  color?: 'Default' | 'Dark' | 'Light' | 'Accent' | 'Good' | 'Warning' | 'Attention';
  isSubtle?: boolean;
  horizontalAlignment?: 'Left' | 'Center' | 'Right';
}

export interface Column {
  type: 'Column';
  width?: 'auto' | 'stretch' | number;
  items: CardElement[];
}

export interface ColumnSet {
  type: 'ColumnSet';
  columns: Column[];
}

export interface SubmitAction {
  type: 'Action.Submit';
  title: string;
  data: Record<string, string | number>;
}

export interface ActionSet {
  type: 'ActionSet';
  actions: SubmitAction[];
}

export type CardElement = TextBlock | ColumnSet | ActionSet;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5';
  body: CardElement[];
  /** What clients that cannot render the card show instead. */
  fallbackText: string;
  /** What a screen reader says for the card. */
  speak: string;
}
