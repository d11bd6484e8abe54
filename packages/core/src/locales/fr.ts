import type { SaleschatMessages } from '../messages';

/**
 * The French catalogue, an example of a complete translation. Its own entry point
 * (`@saleschat-kit/core/locales/fr`, re-exported as `@saleschat-kit/ui/locales/fr`), so hosts ship only the languages they use.
 */
export const fr: SaleschatMessages = {
  'login.label': 'Ouvrir Saleschat',
  'login.success': 'Saleschat est ouvert dans son onglet',
  'chat.label': 'Discuter',
  'chat.labelFor': 'Discuter avec {name}',
  'chat.success': 'Discussion avec {name} prête — {contact}, {assignment}',
  'chat.contact.created': 'contact créé',
  'chat.contact.existing': 'contact existant',
  'chat.assignment.assigned': 'vous est attribuée',
  'chat.assignment.reassigned': 'vous est réattribuée',
  'chat.assignment.unchanged': 'vous était déjà attribuée',
  'chat.assignedTo.group': "attribuée à l'équipe {group}",
  'chat.assignedTo.handover': 'attribuée quand le prospect répondra',
  'reason.notLinked':
    'Votre compte CRM n’est lié à aucun utilisateur Saleschat. Demandez à un administrateur de le lier.',
  'toast.region': 'Notifications Saleschat ({hotkey})',
  'toast.close': 'Fermer',
  'toast.retry': 'Réessayer',
  'toast.retryIn': 'Réessayez dans {seconds} s.',
  'toast.retryNow': 'Vous pouvez réessayer.',
  'toast.popupHint': 'Ouvrez-le plutôt avec le lien.',
  'toast.openSaleschat': 'Ouvrir Saleschat',
  'toast.requestId': 'Identifiant de requête',
  'toast.copy': 'Copier l’identifiant de requête',
  'toast.copied': 'Identifiant de requête copié',
  'error.INVALID_INPUT':
    'Saleschat ne peut pas utiliser ce prospect : son identifiant CRM est invalide.',
  'error.UNAUTHENTICATED': 'Votre session CRM a expiré. Reconnectez-vous.',
  'error.FORBIDDEN': 'Vous n’avez pas le droit de faire cela.',
  'error.LEAD_NOT_FOUND': 'Ce prospect est introuvable dans le CRM.',
  'error.OPT_IN_MISSING':
    "Ce prospect n'a pas consenti aux messages WhatsApp (aucune date d'opt-in dans le CRM) : Saleschat ne peut pas le contacter.",
  'error.USER_NOT_LINKED':
    'Votre compte CRM n’est lié à aucun utilisateur Saleschat. Demandez à un administrateur de le lier.',
  'error.CONTACT_NEEDS_REPAIR':
    'Saleschat a peut-être déjà le contact de ce prospect, mais le serveur ne connaît pas son identifiant. Un administrateur doit le lier : trouvez le contact dans Saleschat (son salon porte l’identifiant CRM du prospect) et lancez saleschat-kit contacts link avec son identifiant de contact.',
  'error.RATE_LIMITED': 'Trop de requêtes vers Saleschat.',
  'error.INTERNAL': 'Une erreur est survenue sur le serveur.',
  'error.SALESCHAT_ERROR': 'Saleschat a refusé la requête.',
  'error.SALESCHAT_UNAVAILABLE': 'Saleschat ne répond pas pour le moment.',
  'error.STORE_UNAVAILABLE': 'Le serveur ne peut pas joindre sa base de données pour le moment.',
  'error.NETWORK': 'Impossible de joindre le serveur. Vérifiez votre connexion.',
  'error.TIMEOUT': 'Le serveur a mis trop de temps à répondre.',
  'error.POPUP_BLOCKED': 'Votre navigateur a bloqué l’onglet Saleschat.',
  'error.ABORTED': 'La requête a été annulée.',
};
