/** The accounts module's use cases, a file each by use case (signing in, registering, resetting a password…). */
export { normalizePhone } from '../schema';
export { type RoleInfo, getUser, getUsers, usersWithRole, rolesOfUser } from './users';
export { sha256 } from './secrets';
export { principalFromSession, principalFromToken } from './principal';
export { type RequestMeta, logout } from './session';
export { BadLoginError, LockedError, login } from './login';
export { registrationProvince, registerCitizen } from './register';
export { updateProfile, changePassword } from './profile';
export { requestPasswordReset, resetTokenValid, resetPassword } from './reset';
export { createApiToken, listApiTokens, revokeApiToken } from './tokens';
export { type UserListItem, listUsers } from './user-list';
export { createOfficial, updateUser } from './officials';
export { setUserStatus, unlockUser } from './status';
export { assignRole, revokeRole } from './roles';
export { NoAgencyError, createAdmin } from './create-admin';
export { insertAccount } from './insert-account';
export { purgeExpired } from './housekeeping';
