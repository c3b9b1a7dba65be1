/*
 * taps.h — the stable C ABI between taps-host and its plugins.
 *
 * This header is the specification. Everything that crosses between the host
 * and a plugin `.so` is declared here, in plain C:
 *
 *   - fixed-width integers, double, UTF-8 `const char*`, POD structs,
 *     function pointers and typed opaque handles; nothing else.
 *   - Every struct starts with `uint32_t struct_size` and only ever grows at
 *     the end. A reader checks TAPS_HAS_FIELD() before touching a field that
 *     was added after ABI minor 0. Arrays of such structs (a descriptor's
 *     options, an app's functions) are stepped through by the elements'
 *     own struct_size, not the reader's sizeof, so a plugin built against a
 *     newer minor, with larger elements, is still read correctly.
 *   - Every fallible call returns a taps_status. Details travel through a
 *     caller-provided taps_error_sink (which may be NULL): the callee calls
 *     `sink->set` once with borrowed strings and the caller copies them. This
 *     keeps error reporting thread-safe without thread-local state shared
 *     across libraries.
 *   - Ownership is written beside every pointer: [borrowed] pointers are
 *     valid for the duration of the call only; [handed over] buffers come with
 *     a release callback from whoever allocated them (see taps_buffer).
 *   - Threading is written beside every function: [any-thread] may be called
 *     from any thread, concurrently; [main-thread] only from the thread that
 *     created the object, never concurrently.
 *
 * A plugin library exports exactly one symbol, the const data object
 * `taps_plugin_entry_v1` (the ABI major is part of its name, so a library
 * built for another major is simply not found as a v1 plugin). The entry
 * lists one or more plugin descriptors; each describes one plugin of one
 * kind: its name, version, configuration schema (static data, readable before
 * any instance exists), create/destroy, and a kind-specific method table.
 *
 * The host hands every plugin a taps_host: logging and a clock, plus further
 * interfaces fetched by string id (engine for apps, task execution for
 * executors, encoded-task execution for workers). Plugins never link against
 * the host.
 */
#ifndef TAPS_TAPS_H
#define TAPS_TAPS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Versions                                                                  */
/* ------------------------------------------------------------------------ */

/* ABI major: bumped only on an incompatible change; it is part of the entry
 * symbol's name. ABI minor: bumped when a struct grows or an interface is
 * added; a plugin built against an older minor keeps loading. Both are
 * independent of the project version. */
#define TAPS_ABI_MAJOR 1
#define TAPS_ABI_MINOR 3

#define TAPS_ENTRY_SYMBOL "taps_plugin_entry_v1"
#define TAPS_ENTRY_SYMBOL_PREFIX "taps_plugin_entry_v"

/* True when a struct of the given size (as read from its struct_size field)
 * contains `field`. Use before reading any field added after minor 0.
 *
 * Added in minor 1: taps_transformer_methods.drop, taps_executor_methods.traits,
 * taps_engine_api.executor_traits, taps_worker_host.attach_run,
 * taps_executor_host.complete_encoded_buffer, and the app-loader interface
 * (TAPS_INTERFACE_APPS).
 * Added in minor 2: taps_executor_host.encoded_size and encode_into.
 * Added in minor 3: taps_engine_api.expect_tasks. */
#define TAPS_HAS_FIELD(ptr, type, field) \
  ((ptr)->struct_size >= offsetof(type, field) + sizeof(((type*)0)->field))

/* ------------------------------------------------------------------------ */
/* Status and errors                                                         */
/* ------------------------------------------------------------------------ */

typedef int32_t taps_status;
#define TAPS_OK 0
#define TAPS_ERROR 1            /* generic failure; see the error sink */
#define TAPS_INVALID_ARGUMENT 2 /* a value out of range, of the wrong type */
#define TAPS_NOT_FOUND 3        /* a named thing does not exist */
#define TAPS_TIMEOUT 4          /* a wait ran out of time; nothing failed */
#define TAPS_CANCELLED 5        /* the task or the run was cancelled */
#define TAPS_TASK_FAILED 6      /* the task raised; the sink has its exception */
#define TAPS_UNSUPPORTED 7      /* the callee does not implement this */
#define TAPS_EMPTY 8            /* nothing left to wait for */

/* Receives the details of a failure. Strings are [borrowed] for the call and
 * may be NULL. `type` names the error class (e.g. "std::runtime_error",
 * "DependencyError"); `traceback` is a multi-line backtrace or NULL. */
typedef struct taps_error_sink {
  uint32_t struct_size;
  void* context;
  void (*set)(void* context, const char* type, const char* message, const char* traceback);
} taps_error_sink;

/* ------------------------------------------------------------------------ */
/* Payloads                                                                  */
/* ------------------------------------------------------------------------ */

/* A serialized value, [borrowed]. `type` is the serializer's type tag
 * (e.g. "bytes", "f64", "matrix<f64>"), which type filters match against. */
typedef struct taps_payload_view {
  uint32_t struct_size;
  const char* type;
  const uint8_t* data;
  uint64_t size;
} taps_payload_view;

/* A serialized value [handed over] to the receiver together with the means to
 * free it. `type` and `data` stay valid until `release(owner)` is called,
 * exactly once, by the receiver (from any thread). `release` may be NULL when
 * nothing needs freeing (static data). The allocating library stays loaded as
 * long as the host runs, so the callback is always callable. */
typedef struct taps_buffer {
  uint32_t struct_size;
  const char* type;
  uint8_t* data;
  uint64_t size;
  void* owner;
  void (*release)(void* owner);
} taps_buffer;

/* ------------------------------------------------------------------------ */
/* Configuration schema (static data) and configuration values               */
/* ------------------------------------------------------------------------ */

typedef uint32_t taps_option_type;
#define TAPS_OPTION_BOOL 1   /* "true" | "false" */
#define TAPS_OPTION_INT 2    /* decimal, 64-bit signed */
#define TAPS_OPTION_FLOAT 3  /* decimal, double */
#define TAPS_OPTION_STRING 4 /* UTF-8 text */
#define TAPS_OPTION_TABLE 5  /* a JSON object, as text: key/value settings */

typedef uint32_t taps_option_flags;
#define TAPS_OPTION_REQUIRED 1u /* no default; the user must give a value */
#define TAPS_OPTION_HAS_MIN 2u  /* min_value applies (INT, FLOAT) */
#define TAPS_OPTION_HAS_MAX 4u  /* max_value applies (INT, FLOAT) */

/* One configuration option of a plugin. All strings are static. Keys use
 * snake_case; the host accepts them with '-' or '_' on the command line. */
typedef struct taps_option_desc {
  uint32_t struct_size;
  const char* key;
  taps_option_type type;
  taps_option_flags flags;
  const char* default_value; /* canonical text, or NULL for "unset" */
  double min_value;          /* inclusive */
  double max_value;          /* inclusive */
  const char* choices;       /* '|'-separated allowed values, or NULL */
  const char* description;
  const char* unit;          /* e.g. "s", "bytes", or NULL */
} taps_option_desc;

/* A resolved configuration value: the host has validated it against the
 * schema and filled in defaults. Values are canonical text (see
 * taps_option_type). Options without a default that the user did not set are
 * absent. */
typedef struct taps_config_entry {
  uint32_t struct_size;
  const char* key;
  const char* value;
} taps_config_entry;

/* [borrowed] for the create() call that receives it. */
typedef struct taps_config {
  uint32_t struct_size;
  uint32_t entry_count;
  const taps_config_entry* entries;
} taps_config;

/* ------------------------------------------------------------------------ */
/* Host services                                                             */
/* ------------------------------------------------------------------------ */

typedef uint32_t taps_log_level;
#define TAPS_LOG_TRACE 0
#define TAPS_LOG_DEBUG 1
#define TAPS_LOG_INFO 2
#define TAPS_LOG_WARNING 3
#define TAPS_LOG_ERROR 4
#define TAPS_LOG_CRITICAL 5

/* The host, as seen by a plugin. [borrowed], but valid from create() until
 * destroy() of every instance it was given to. */
typedef struct taps_host {
  uint32_t struct_size;
  uint32_t abi_major;
  uint32_t abi_minor;
  const char* host_version; /* project version of the host, e.g. "0.1.0" */
  void* context;            /* the host's; do not touch */

  /* [any-thread] Write a line to the run's log. `logger` names the source
   * (usually the plugin name). */
  void (*log)(const struct taps_host* self, taps_log_level level, const char* logger,
              const char* message);

  /* [any-thread] Wall-clock time as Unix seconds, the clock of every record. */
  double (*now)(const struct taps_host* self);

  /* [any-thread] A further interface by id (e.g. TAPS_INTERFACE_ENGINE), or
   * NULL when this host does not offer it in this context. The pointer is
   * valid as long as the taps_host is. */
  const void* (*get_interface)(const struct taps_host* self, const char* id);
} taps_host;

/* ------------------------------------------------------------------------ */
/* Run interface (id TAPS_INTERFACE_RUN): where this run keeps its files      */
/* ------------------------------------------------------------------------ */

#define TAPS_INTERFACE_RUN "taps.run/1"

typedef struct taps_run_info {
  uint32_t struct_size;
  /* Absolute path of the run directory (config.toml, log.txt, records,
   * app outputs). Loggers resolve relative file names against it. */
  const char* run_dir;
  /* Absolute path of the program that runs the generic worker
   * (`<program> worker ...`): what out-of-process executors start. */
  const char* worker_program;
  /* The plugin search path, directories separated by ':', for workers. */
  const char* plugin_path;
  /* Absolute path of the run's resolved config.toml: a worker reads the
   * transformer and filter it must use from it. */
  const char* config_file;
} taps_run_info;

/* ------------------------------------------------------------------------ */
/* Engine interface, for apps (id TAPS_INTERFACE_ENGINE)                     */
/* ------------------------------------------------------------------------ */

#define TAPS_INTERFACE_ENGINE "taps.engine/1"

typedef struct taps_engine taps_engine;                 /* the run's engine */
typedef struct taps_function taps_function;             /* a registered task function */
typedef struct taps_future taps_future;                 /* a submitted task */
typedef struct taps_completion_set taps_completion_set; /* as_completed / wait */

typedef uint32_t taps_arg_kind;
#define TAPS_ARG_VALUE 1  /* `value` holds the payload, [handed over] */
#define TAPS_ARG_FUTURE 2 /* `future` is a dependency, [borrowed] */

typedef struct taps_arg {
  uint32_t struct_size;
  taps_arg_kind kind;
  taps_buffer value;
  taps_future* future;
} taps_arg;

typedef struct taps_engine_api {
  uint32_t struct_size;

  /* [any-thread] Look up a task function registered by app plugin `plugin`.
   * The handle lives as long as the engine. */
  taps_status (*find_function)(taps_engine* engine, const char* plugin, const char* function,
                               const taps_function** out_function, const taps_error_sink* err);

  /* [any-thread] Submit a task. Every TAPS_ARG_VALUE buffer is handed over,
   * also when the call fails. Future arguments are dependencies: the task is
   * dispatched once all of them succeeded, and fails with a DependencyError
   * without running if any of them fails. On success *out_future holds one
   * reference, to be dropped with future_release. */
  taps_status (*submit)(taps_engine* engine, const taps_function* function, taps_arg* args,
                        uint32_t arg_count, taps_future** out_future, const taps_error_sink* err);

  /* [any-thread] Reference counting of futures. */
  void (*future_retain)(taps_future* future);
  void (*future_release)(taps_future* future);

  /* [any-thread] The task's id (valid while the future is referenced). */
  const char* (*future_task_id)(const taps_future* future);

  /* [any-thread] 1 when the task finished (succeeded, failed or cancelled). */
  uint32_t (*future_done)(const taps_future* future);

  /* [any-thread] Wait up to `timeout` seconds (negative: forever) for the
   * task, then: TAPS_OK with *out_result viewing the result (valid while the
   * future is referenced); TAPS_TASK_FAILED or TAPS_CANCELLED with the
   * exception in `err`; or TAPS_TIMEOUT. */
  taps_status (*future_result)(taps_future* future, double timeout,
                               taps_payload_view* out_result, const taps_error_sink* err);

  /* [any-thread] Cancel a task that has not started: TAPS_OK if it was
   * cancelled (it and its dependants fail as cancelled), TAPS_ERROR if it
   * already runs or finished. */
  taps_status (*future_cancel)(taps_future* future);

  /* [main-thread] A set of futures that yields each one as it finishes, in
   * completion order: the base of wait() and as_completed(). */
  taps_status (*completion_set_create)(taps_engine* engine, taps_completion_set** out_set,
                                       const taps_error_sink* err);
  /* Add a future (the set takes its own reference); `tag` comes back from
   * completion_set_next. */
  taps_status (*completion_set_add)(taps_completion_set* set, taps_future* future, uint64_t tag);
  /* Wait up to `timeout` seconds (negative: forever) for the next finished
   * future: TAPS_OK with its tag, TAPS_TIMEOUT, or TAPS_EMPTY when every
   * added future has been returned. */
  taps_status (*completion_set_next)(taps_completion_set* set, double timeout, uint64_t* out_tag);
  void (*completion_set_destroy)(taps_completion_set* set);

  /* Minor 1. [any-thread] What the run's executor can survive: its
   * TAPS_EXECUTOR_* trait flags (see taps_executor_methods.traits), so an app
   * can refuse a workload the executor cannot take before submitting it. */
  uint32_t (*executor_traits)(taps_engine* engine);

  /* Minor 3. [any-thread] A hint: the run will submit about `total` tasks in
   * all, counting those already submitted (0: unknown, the default). The
   * host only shows it (the progress line's ETA); submit() never checks it.
   * Call again when the estimate changes. May be NULL: an app checks
   * TAPS_HAS_FIELD and the pointer, as engine.hpp's expect_tasks() does. */
  void (*expect_tasks)(taps_engine* engine, uint64_t total);
} taps_engine_api;

/* ------------------------------------------------------------------------ */
/* App loader (id TAPS_INTERFACE_APPS, minor 1): apps that wrap other apps   */
/* ------------------------------------------------------------------------ */

#define TAPS_INTERFACE_APPS "taps.apps/1"

typedef struct taps_app_instance taps_app_instance; /* an app created by the loader */

/* Offered to apps on the client. An app that wraps another (the failures app
 * injects faults into a base app) creates the base app by name and runs it
 * against an engine of its choosing, typically its own taps_engine_api that
 * forwards to the real one. */
typedef struct taps_app_loader {
  uint32_t struct_size;
  /* [main-thread] Create app plugin `name` with `options_json` ([borrowed]; a
   * JSON object of the app's option keys, or NULL for all defaults),
   * validated against the app's schema exactly like [app] in a config file:
   * unknown keys, wrong types and out-of-range values are errors naming the
   * key, and missing options take their defaults. */
  taps_status (*create)(const taps_host* host, const char* name, const char* options_json,
                        taps_app_instance** out_app, const taps_error_sink* err);
  /* [main-thread] The app's run() (see taps_app_methods.run). */
  taps_status (*run)(taps_app_instance* app, taps_engine* engine, const taps_engine_api* engine_api,
                     const char* run_dir, const taps_error_sink* err);
  /* [main-thread] Destroy the app; NULL is ignored. */
  void (*destroy)(taps_app_instance* app);
} taps_app_loader;

/* ------------------------------------------------------------------------ */
/* Executor host interface, for executors (id TAPS_INTERFACE_EXECUTOR_HOST)  */
/* ------------------------------------------------------------------------ */

#define TAPS_INTERFACE_EXECUTOR_HOST "taps.executor-host/1"

/* A task whose dependencies are satisfied, handed to an executor. The
 * executor must finish it exactly once, by exactly one of execute(),
 * complete_encoded(), complete_encoded_buffer() or fail(); the handle is
 * invalid afterwards. */
typedef struct taps_task taps_task;

typedef struct taps_executor_host {
  uint32_t struct_size;

  /* [any-thread] Run the task in the calling thread (resolving inputs,
   * calling the function, transforming the result) and finish it. */
  void (*execute)(const taps_host* host, taps_task* task);

  /* [any-thread] The task as an encoded-task message for a worker process,
   * [handed over] in *out_message. */
  taps_status (*encode)(const taps_host* host, const taps_task* task, taps_buffer* out_message,
                        const taps_error_sink* err);

  /* [any-thread] Finish the task with an encoded-result message from a
   * worker ([borrowed]). A malformed message fails the task. */
  void (*complete_encoded)(const taps_host* host, taps_task* task, const uint8_t* message,
                           uint64_t size);

  /* [any-thread] Finish the task as failed without running it (a worker
   * died, a timeout, a cancelled shutdown). Strings are [borrowed]. */
  void (*fail)(const taps_host* host, taps_task* task, const char* type, const char* message,
               const char* traceback);

  /* [any-thread] The task's id and function name, valid until it finishes. */
  const char* (*task_id)(const taps_task* task);
  const char* (*task_name)(const taps_task* task);

  /* Minor 1. [any-thread] Like complete_encoded(), but the encoded-result
   * message is [handed over]: the host keeps it and the task's result is a
   * view into it, so a large result is not copied again after the executor
   * received it. The host calls `message.release` exactly once, also when
   * the message is malformed (which fails the task). The executor must not
   * touch the message afterwards. */
  void (*complete_encoded_buffer)(const taps_host* host, taps_task* task, taps_buffer message);

  /* Minor 2. [any-thread] The exact size in bytes of the task's
   * encoded-task message, as encode() or encode_into() would write it. */
  uint64_t (*encoded_size)(const taps_host* host, const taps_task* task);

  /* Minor 2. [any-thread] Writes the task's encoded-task message into
   * [borrowed] `out`, which has room for `capacity` bytes (at least
   * encoded_size()). Lets an executor encode straight into the memory it
   * sends from (shared memory, a registered buffer) instead of copying
   * encode()'s message there. Fails, writing nothing useful, when
   * `capacity` is too small. */
  taps_status (*encode_into)(const taps_host* host, const taps_task* task, uint8_t* out, uint64_t capacity,
                             const taps_error_sink* err);
} taps_executor_host;

/* ------------------------------------------------------------------------ */
/* Worker interface (id TAPS_INTERFACE_WORKER), for executors' worker side   */
/* ------------------------------------------------------------------------ */

#define TAPS_INTERFACE_WORKER "taps.worker/1"

typedef struct taps_worker_host {
  uint32_t struct_size;

  /* [any-thread] Execute one encoded task ([borrowed]) and produce its
   * encoded result, [handed over]. A task that raises still yields TAPS_OK
   * and a result message carrying the exception; an error status means the
   * message itself could not be read (other version, malformed). */
  taps_status (*execute_encoded)(const taps_host* host, const uint8_t* message, uint64_t size,
                                 taps_buffer* out_result, const taps_error_sink* err);

  /* Minor 1, optional (NULL: this worker's run was attached when it
   * started). [main-thread: the thread running worker_main] Attach the run
   * this worker serves: read its configuration, make it the worker's
   * taps.run/1 and create the run's transformer and filter, exactly as a
   * worker started with `--config` does at start. Offered to a worker that
   * starts without a run (a rank of a parallel launch, see worker_main),
   * whose executor learns the run from the client over its own transport;
   * call it once, before the first execute_encoded.
   * `config_file` is the run's config.toml as the client names it (its
   * directory is the run directory). `config_text`, when not NULL, is that
   * file's contents, for a machine that cannot read the file itself. Both
   * [borrowed]. Errors (an invalid config, a plugin that fails to start, a
   * second attach) come back as a status with the reason in `err`. */
  taps_status (*attach_run)(const taps_host* host, const char* config_file, const char* config_text,
                            const taps_error_sink* err);
} taps_worker_host;

/* ------------------------------------------------------------------------ */
/* Records                                                                   */
/* ------------------------------------------------------------------------ */

/* One finished task, [borrowed] for the logger's write() call. Field names
 * follow the reference's task records. Times are Unix seconds; the
 * execution block is present when `has_execution` is 1 (a task failed by a
 * dependency never ran). */
typedef struct taps_task_record {
  uint32_t struct_size;
  const char* task_id;
  const char* function_name;
  uint32_t parent_count;
  const char* const* parent_task_ids;
  double submit_time;
  double received_time;
  uint32_t success;
  const char* exception_type; /* NULL on success */
  const char* exception_message;
  const char* exception_traceback;
  uint32_t has_execution;
  const char* hostname;
  double execution_start_time;
  double execution_end_time;
  double task_start_time;
  double task_end_time;
  double input_transform_start_time;
  double input_transform_end_time;
  double result_transform_start_time;
  double result_transform_end_time;
} taps_task_record;

/* ------------------------------------------------------------------------ */
/* Plugin kinds and their method tables                                      */
/* ------------------------------------------------------------------------ */

typedef uint32_t taps_plugin_kind;
#define TAPS_KIND_APP 1
#define TAPS_KIND_EXECUTOR 2
#define TAPS_KIND_TRANSFORMER 3
#define TAPS_KIND_FILTER 4
#define TAPS_KIND_LOGGER 5

/* A task function. It runs wherever the executor puts it: a thread of the
 * host or a worker process. [any-thread], concurrently.
 * `args` are [borrowed]; on TAPS_OK the result is [handed over] in
 * *out_result; on failure the exception goes to `err` and the status is
 * TAPS_TASK_FAILED. `host` offers logging and the clock. */
typedef struct taps_function_desc {
  uint32_t struct_size;
  const char* name;
  taps_status (*invoke)(const taps_host* host, const taps_payload_view* args, uint32_t arg_count,
                        taps_buffer* out_result, const taps_error_sink* err);
} taps_function_desc;

/* methods of a TAPS_KIND_APP plugin. */
typedef struct taps_app_methods {
  uint32_t struct_size;
  uint32_t function_count;
  const taps_function_desc* functions; /* static */
  /* [main-thread] Run the application to completion against `engine`
   * (methods: `engine_api`). Outputs go under `run_dir`. A wrong result is a
   * failure: return TAPS_ERROR with the reason. */
  taps_status (*run)(void* self, taps_engine* engine, const taps_engine_api* engine_api,
                     const char* run_dir, const taps_error_sink* err);
} taps_app_methods;

/* methods of a TAPS_KIND_EXECUTOR plugin. */
typedef struct taps_executor_methods {
  uint32_t struct_size;
  /* [any-thread] Accept a task whose dependencies are satisfied. Must not
   * block on its execution. On an error status the host fails the task. */
  taps_status (*submit)(void* self, taps_task* task, const taps_error_sink* err);
  /* [main-thread] Stop. `wait`: finish accepted tasks first. `cancel_pending`:
   * fail (via fail()) tasks that have not started. After it returns the
   * executor makes no further host calls. */
  taps_status (*shutdown)(void* self, uint32_t wait, uint32_t cancel_pending,
                          const taps_error_sink* err);
  /* Optional (NULL): the worker side for executors whose workers are
   * separate processes. The generic worker calls it with the executor's
   * config and the worker's extra command-line arguments; it runs the
   * executor's transport loop, executing tasks through TAPS_INTERFACE_WORKER,
   * and returns when the executor tells the worker to stop.
   * Minor 1: `taps-host run` started as rank R > 0 of a parallel launch
   * (mpirun, srun: the launcher's rank variable says so) does not run the
   * app; it calls worker_main with the arguments `--launched-rank R` and no
   * run attached. Rank 0 is the client; the executor gets the run from it
   * and attaches it (taps_worker_host.attach_run) before executing tasks.
   * An executor that cannot serve a launch's ranks fails with a reason. */
  taps_status (*worker_main)(const taps_host* host, const taps_config* config, uint32_t argc,
                             const char* const* argv, const taps_error_sink* err);

  /* Minor 1, optional (NULL: no traits). [any-thread] TAPS_EXECUTOR_* flags
   * saying which task failures this instance survives, as configured. */
  uint32_t (*traits)(void* self);
} taps_executor_methods;

/* Executor traits. */
/* A task runs outside the host's process: a task that crashes, exits or
 * is killed fails alone, and the run goes on. */
#define TAPS_EXECUTOR_ISOLATES_TASKS 1u
/* A task that runs longer than the executor's configured timeout is stopped
 * and fails with a TimeoutError. */
#define TAPS_EXECUTOR_TASK_TIMEOUT 2u
/* Between the host and a task's process sits a separate manager process
 * (a worker daemon, an MPI rank's parent) whose loss the executor survives. */
#define TAPS_EXECUTOR_SURVIVES_MANAGER_LOSS 4u

/* methods of a TAPS_KIND_TRANSFORMER plugin: moves payloads out of band. */
typedef struct taps_transformer_methods {
  uint32_t struct_size;
  /* [any-thread] Store `object` and return an identifier payload in
   * *out_identifier ([handed over]). */
  taps_status (*transform)(void* self, const taps_payload_view* object, taps_buffer* out_identifier,
                           const taps_error_sink* err);
  /* [any-thread] Fetch the object an identifier names ([handed over]). */
  taps_status (*resolve)(void* self, const taps_payload_view* identifier, taps_buffer* out_object,
                         const taps_error_sink* err);
  /* Minor 1, optional (NULL: objects live until the instance is destroyed).
   * [any-thread] Nothing will resolve `identifier` again: free its object.
   * The engine calls it on the client once an argument's task finished and
   * once a result's future and dependants are gone. Buffers already handed
   * out by resolve() stay valid. Best effort: errors are not reported. */
  void (*drop)(void* self, const taps_payload_view* identifier);
} taps_transformer_methods;

/* methods of a TAPS_KIND_FILTER plugin: which payloads get transformed. */
typedef struct taps_filter_methods {
  uint32_t struct_size;
  /* [any-thread] 1 if a payload of this type tag and size is transformed. */
  uint32_t (*accepts)(void* self, const char* type, uint64_t size);
} taps_filter_methods;

/* methods of a TAPS_KIND_LOGGER plugin: where task records go. */
typedef struct taps_logger_methods {
  uint32_t struct_size;
  /* [any-thread] Record one finished task. */
  taps_status (*write)(void* self, const taps_task_record* record, const taps_error_sink* err);
  /* [any-thread] Make every record written so far durable. The host calls it
   * periodically (records reach storage well under a second after a task
   * ends), on exit, and on SIGINT/SIGTERM. */
  taps_status (*flush)(void* self, const taps_error_sink* err);
} taps_logger_methods;

/* ------------------------------------------------------------------------ */
/* Plugin descriptor and the entry symbol                                    */
/* ------------------------------------------------------------------------ */

/* One plugin, static data. `name` is unique within its kind (e.g.
 * "thread-pool"); `version` is the plugin's own version. */
typedef struct taps_plugin_descriptor {
  uint32_t struct_size;
  taps_plugin_kind kind;
  const char* name;
  const char* version;
  const char* description;
  uint32_t option_count;
  const taps_option_desc* options;

  /* [main-thread] Create an instance from a validated config ([borrowed]).
   * On TAPS_OK *out_self must be non-NULL (the host uses NULL for "no
   * instance"). `host` stays valid until destroy(). */
  taps_status (*create)(const taps_host* host, const taps_config* config, void** out_self,
                        const taps_error_sink* err);
  /* [main-thread] Destroy an instance; NULL is ignored. */
  void (*destroy)(void* self);

  /* The kind's method table: taps_app_methods, taps_executor_methods,
   * taps_transformer_methods, taps_filter_methods or taps_logger_methods. */
  const void* methods;
} taps_plugin_descriptor;

/* The one exported symbol of a plugin library. */
typedef struct taps_plugin_entry {
  uint32_t struct_size;
  uint32_t abi_major;
  uint32_t abi_minor;
  uint32_t plugin_count;
  const taps_plugin_descriptor* const* plugins;
} taps_plugin_entry;

#ifdef __cplusplus
}
#endif

#endif /* TAPS_TAPS_H */
