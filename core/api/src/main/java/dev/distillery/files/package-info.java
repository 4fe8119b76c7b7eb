/**
 * Files that survive a crash: atomic, fsynced writes ({@link dev.distillery.files.DurableFiles})
 * and content digests ({@link dev.distillery.files.FileDigests}) for checkpoints and artifacts.
 */
package dev.distillery.files;
