/**
 * The X-Ray API's data shapes as immutable records whose JSON is exactly the API's (PascalCase members,
 * timestamps in epoch seconds). The daemon stores trace summaries and per-trace service graphs in this
 * form, so the API serves them without another mapping. Names follow the X-Ray API reference.
 */
package xraygallery.daemon.model;
