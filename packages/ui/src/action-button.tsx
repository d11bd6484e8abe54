import { useSaleschatMe, type SaleschatStatus } from '@saleschat-kit/react';
import { Slot, Slottable } from '@radix-ui/react-slot';
import * as Tooltip from '@radix-ui/react-tooltip';
import { forwardRef, useId, type ComponentType } from 'react';
import { composeHandlers } from './composeHandlers';
import { cx } from './cx';
import { useSaleschatMessages } from './saleschat-messages-provider';
import { useSaleschatTheme } from './theme';
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

/**
 * The one element both buttons render: state, pending, disabled reason, asChild. The reason is a
 * Radix tooltip: portalled (no host container clips it), kept in view, closed by Escape, open
 * while hovered. It is always wrapped, so a reason that arrives later (the `/me` answer) does not
 * remount the button and lose its focus.
 */
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
  const theme = useSaleschatTheme();
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
  const classes = cx(!unstyled && 'sc-btn', className);
  const intent = () => {
    if (!inert) onIntent?.();
  };
  return (
    <Tooltip.Provider delayDuration={200}>
      <Tooltip.Root open={reason ? undefined : false}>
        <Tooltip.Trigger asChild>
          <Component
            type={asChild ? undefined : type}
            {...props}
            ref={ref}
            // Left out when empty: the tooltip trigger's Slot would otherwise write `class=""`.
            {...(classes && { className: classes })}
            data-sc-theme={theme}
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
              (iconOnly ? label : undefined)
            }
            // Set here, on the child, it replaces the id Radix would add while open: the reason is
            // described once, open or not.
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
              // The description screen readers announce, at all times. Text shown inside the button
              // would count as part of its visible label, which would then no longer match its name.
              <span id={reasonId} hidden>
                {reason}
              </span>
            )}
          </Component>
        </Tooltip.Trigger>
        <Tooltip.Portal>
          <Tooltip.Content
            className={cx(!unstyled && 'sc-tooltip')}
            data-sc-theme={theme}
            side="bottom"
            sideOffset={6}
          >
            {reason}
          </Tooltip.Content>
        </Tooltip.Portal>
      </Tooltip.Root>
    </Tooltip.Provider>
  );
});
