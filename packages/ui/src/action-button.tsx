import { useSaleschatMe, type SaleschatStatus } from '@saleschat-kit/react';
import { Slot, Slottable } from '@radix-ui/react-slot';
import { forwardRef, useId, type ComponentType } from 'react';
import { composeHandlers } from './composeHandlers';
import { cx } from './cx';
import { useSaleschatMessages } from './saleschat-messages-provider';
import type { SaleschatButtonProps } from './types';

export interface ActionButtonProps extends Omit<SaleschatButtonProps, 'toast'> {
  state: SaleschatStatus;
  /** The default visible text. */
  label: string;
  /** The accessible name when it says more than `label` (e.g. which lead). */
  accessibleLabel?: string;
  icon: ComponentType<{ className?: string }>;
  onActivate: () => void;
  /** The user is about to click (pointer over, or focus): a moment to prefetch. */
  onIntent?: () => void;
}

/** The one element both buttons render: state, pending, disabled reason, asChild. */
export const ActionButton = forwardRef<HTMLButtonElement, ActionButtonProps>(function ActionButton(
  {
    size = 'md',
    variant = 'solid',
    asChild = false,
    unstyled = false,
    state,
    label,
    accessibleLabel,
    icon: Icon,
    disabledReason,
    onActivate,
    onIntent,
    disabled = false,
    type = 'button',
    className,
    children,
    onClick,
    onPointerEnter,
    onFocus,
    ...props
  },
  ref,
) {
  const messages = useSaleschatMessages();
  const { linked } = useSaleschatMe();
  const reason = disabledReason ?? (linked === false ? messages['reason.notLinked'] : undefined);
  const reasonId = useId();
  const pending = state === 'pending';
  const iconOnly = variant === 'icon';
  // A native `disabled` button cannot be focused, so its reason could never be read: with a
  // reason (or on an asChild element, which has no `disabled`) it is aria-disabled instead.
  const ariaDisabled = Boolean(reason) || (asChild && disabled);
  const inert = disabled || ariaDisabled || pending;
  const Component = asChild ? Slot : 'button';
  const intent = () => {
    if (!inert) onIntent?.();
  };
  return (
    <Component
      type={asChild ? undefined : type}
      {...props}
      ref={ref}
      className={cx(!unstyled && 'sc-btn', className)}
      data-state={state}
      data-size={size}
      data-variant={variant}
      data-disabled={disabled || ariaDisabled ? '' : undefined}
      disabled={asChild || ariaDisabled ? undefined : disabled}
      aria-disabled={ariaDisabled || undefined}
      aria-busy={pending || undefined}
      aria-label={
        props['aria-label'] ??
        (iconOnly || children == null ? accessibleLabel : undefined) ??
        // The reason's tooltip is CSS generated content, which browsers add to a name computed
        // from content: pinning the name keeps it from changing on hover and focus.
        (iconOnly || (reason && children == null) ? label : undefined)
      }
      data-reason={reason}
      aria-describedby={cx(props['aria-describedby'], reason && reasonId)}
      onPointerEnter={composeHandlers(onPointerEnter, intent)}
      onFocus={composeHandlers(onFocus, intent)}
      onClick={composeHandlers(onClick, (event) => {
        // An asChild link runs the kit's action instead of navigating, and never while inert.
        if (inert || asChild) event.preventDefault();
        if (!inert) onActivate();
      })}
    >
      {pending ? (
        <span className={cx(!unstyled && 'sc-spinner')} aria-hidden="true" />
      ) : (
        <Icon className={cx(!unstyled && 'sc-icon')} />
      )}
      <Slottable>{children ?? (iconOnly ? null : label)}</Slottable>
      {reason && (
        // The description screen readers announce. What sighted users see is a tooltip drawn
        // from `data-reason` by the stylesheet: text inside the button would count as part of
        // its visible label, which would then no longer match its accessible name.
        <span id={reasonId} hidden>
          {reason}
        </span>
      )}
    </Component>
  );
});
