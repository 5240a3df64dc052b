// Public surface: filled in by the issues that build this project.
export {};
