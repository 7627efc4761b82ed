// Placeholder: filled in by the engine work on this area (see src/kql/exec/README.md).
export {};
