import { z } from 'zod';
import { languageList } from '../contact-points/contact-points.schema.js';
import { supportedLocales } from '../i18n/index.js';
import { asList } from '../shared/form.js';
import { roles } from './users.table.js';
import { idField } from '../shared/ids.js';
import { withVersion } from '../shared/versions.js';

export const emailField = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'validation.tooLong')
  .pipe(z.email('validation.email'));

/** ASVS 2.1.1 / 2.1.2: at least 12 characters, long passphrases allowed, no composition rules. */
export const newPasswordField = z
  .string()
  .min(12, 'validation.passwordTooShort')
  .max(128, 'validation.passwordTooLong');

export const UserForm = z
  .object({
    email: emailField,
    displayName: z.string().trim().min(1, 'validation.required').max(120, 'validation.tooLong'),
    role: z.enum(roles, 'validation.role'),
    /** Empty: the language of the account's (first) contact point, settled when the account is created. */
    locale: z.union([z.literal(''), z.enum(supportedLocales)], 'validation.invalid_value').default(''),
    languages: languageList,
    contactPointIds: z.preprocess(
      asList,
      z.array(idField()).max(50, 'validation.tooMany'),
    ),
    active: z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean()),
  })
  .superRefine((u, ctx) => {
    // A counsellor works at exactly one contact point (DESIGN §1); a supervisor leads one or more.
    if (u.role === 'counsellor' && u.contactPointIds.length !== 1)
      ctx.addIssue({ code: 'custom', path: ['contactPointIds'], message: 'validation.counsellorOneContactPoint' });
    if (u.role === 'supervisor' && u.contactPointIds.length < 1)
      ctx.addIssue({ code: 'custom', path: ['contactPointIds'], message: 'validation.supervisorContactPoint' });
  })
  .transform((u) => ({
    ...u,
    // Administrators and coordinators belong to no contact point: it would give them nothing and confuse the record.
    contactPointIds: u.role === 'counsellor' || u.role === 'supervisor' ? u.contactPointIds : [],
  }));
export type UserInput = z.infer<typeof UserForm>;
export const userFields = ['email', 'displayName', 'role', 'locale', 'languages', 'contactPointIds', 'active'] as const;
/** An account's form as posted by an administrator: the account and the version it was edited from. */
export const UserEditForm = withVersion(UserForm);

/** The language a user picks in My account, or a visitor on the sign-in page. */
export const LanguageForm = z.object({ locale: z.enum(supportedLocales, 'validation.invalid_value') });

export const LoginForm = z.object({
  email: z.string().trim().toLowerCase().max(254),
  password: z.string().max(1024),
});

export const SetPasswordForm = z
  .object({
    token: z.string().min(1).max(200),
    password: newPasswordField,
    confirm: z.string().max(1024),
  })
  .refine((f) => f.password === f.confirm, { path: ['confirm'], message: 'validation.passwordsDiffer' });

export const ChangePasswordForm = z
  .object({
    current: z.string().min(1, 'validation.required').max(1024),
    password: newPasswordField,
    confirm: z.string().max(1024),
  })
  .refine((f) => f.password === f.confirm, { path: ['confirm'], message: 'validation.passwordsDiffer' })
  .refine((f) => f.password !== f.current, { path: ['password'], message: 'validation.passwordSame' });
