"""Test helpers shipped with the platform, so every module's tests build on the same fixtures."""
