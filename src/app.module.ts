import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { BegrotingCommandHandler } from './application/begroting-command.handler';
import { CommandExecutor } from './application/command-executor';
import { GemeenteCommandHandler } from './application/gemeente-command.handler';
import { AuthGuard } from './auth/auth.guard';
import { LedgerSettings } from './config/ledger-settings';
import { EVENT_STORE, type EventStore } from './event-store/event-store.port';
import { PostgresEventStore } from './event-store/postgres-event-store';
import { ProblemFilter } from './http/problem.filter';
import { RateLimitGuard } from './http/rate-limit.guard';
import { BegrotingController } from './modules/begroting/begroting.controller';
import { leesDashboard } from './modules/dashboard/dashboard-bestanden';
import { DASHBOARD_BESTANDEN, DashboardController } from './modules/dashboard/dashboard.controller';
import { GezondheidController } from './modules/gezondheid/gezondheid.controller';
import { ImportenController } from './modules/importen/importen.controller';
import { BeheerController } from './modules/projecties/beheer.controller';
import { PROJECTIE_OPTIES, type ProjectieOpties, ProjectiesService } from './modules/projecties/projecties.service';
import { RapportageController } from './modules/rapportage/rapportage.controller';
import { RapportageService } from './modules/rapportage/rapportage.service';
import { RegistratieController } from './modules/registratie/registratie.controller';
import { VerificatieController } from './modules/verificatie/verificatie.controller';
import { CLOCK, type Clock, systemClock } from './shared/clock';

/**
 * Wiring only. The database and the event store are opened before Nest starts (see main.ts), so the
 * module receives them; without an event store it is PostgreSQL's on the same DataSource.
 */
@Module({})
export class AppModule {
  static create(options: { dataSource: DataSource; settings: LedgerSettings; clock?: Clock; projecties?: ProjectieOpties; eventStore?: EventStore }): DynamicModule {
    return {
      module: AppModule,
      imports: [CqrsModule.forRoot()],
      controllers: [DashboardController, GezondheidController, RegistratieController, BegrotingController, RapportageController, VerificatieController, BeheerController, ImportenController],
      providers: [
        { provide: DataSource, useValue: options.dataSource },
        { provide: LedgerSettings, useValue: options.settings },
        { provide: CLOCK, useValue: options.clock ?? systemClock },
        options.eventStore
          ? { provide: EVENT_STORE, useValue: options.eventStore }
          : { provide: EVENT_STORE, useFactory: (dataSource: DataSource) => new PostgresEventStore(dataSource), inject: [DataSource] },
        { provide: APP_GUARD, useClass: AuthGuard },
        // After the AuthGuard (guards run in registration order): only authenticated requests count.
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: DASHBOARD_BESTANDEN, useFactory: () => leesDashboard() },
        CommandExecutor,
        BegrotingCommandHandler,
        GemeenteCommandHandler,
        RapportageService,
        { provide: PROJECTIE_OPTIES, useValue: options.projecties ?? { achtergrond: true } },
        ProjectiesService,
      ],
    };
  }
}
