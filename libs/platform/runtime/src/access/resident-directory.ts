/** Resolves a resident's identity code (from their token) to their personRef; null when unknown. */
export interface ResidentDirectory {
  personRefOf(identityCode: string): Promise<string | null>;
}

export const RESIDENT_DIRECTORY = Symbol.for('luotsi.resident-directory');

/**
 * The edge's resident directory, as the platform provides it under RESIDENT_DIRECTORY. The runtime
 * knows only the interface: the identity context (@luotsi/identity) supplies the directory when its
 * registry opens, so the runtime never imports identity (which depends on the runtime). Until one
 * is supplied — a process with no context that keeps people — every resident is unknown and refused
 * (RESIDENT_UNKNOWN), never let in unresolved. The first directory supplied is kept: every registry
 * of one process reads the same schema.
 */
export class ResidentDirectorySlot implements ResidentDirectory {
  private directory: ResidentDirectory | undefined;

  supply(directory: ResidentDirectory): void {
    this.directory ??= directory;
  }

  get supplied(): boolean {
    return this.directory !== undefined;
  }

  async personRefOf(identityCode: string): Promise<string | null> {
    return this.directory ? this.directory.personRefOf(identityCode) : null;
  }
}
